import re

from django.contrib.auth import get_user
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import UserFactory

NEW_PASSWORD = "nouveau-secret-bien-long"


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def reset_path(body: str) -> str:
    return re.search(r"/comptes/password/reset/key/\S+/", body).group()


def test_reset_request_sends_a_french_email_with_a_link(client, mailoutbox):
    user = UserFactory()

    response = request_reset(client, user.email)

    assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)
    [email] = mailoutbox
    assert email.to == [user.email]
    assert email.subject == "[Investigations] Réinitialisation de votre mot de passe"
    assert "réinitialisation" in email.body
    assert reset_path(email.body)


def test_the_emailed_link_sets_a_new_password_that_then_works(client, mailoutbox):
    user = UserFactory()
    request_reset(client, user.email)

    form_page = client.get(reset_path(mailoutbox[0].body), follow=True)
    assertContains(form_page, "Choisir un nouveau mot de passe")
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assertRedirects(
        response, reverse("account_reset_password_from_key_done"), fetch_redirect_response=False
    )
    client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})
    assert get_user(client) == user


def test_the_emailed_link_works_only_once(client, mailoutbox):
    user = UserFactory()
    request_reset(client, user.email)
    link = reset_path(mailoutbox[0].body)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assertContains(response, "Lien non valide")
