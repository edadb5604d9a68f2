import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user, get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.accounts.html_outline import PageOutline
from tests.factories import DEFAULT_PASSWORD

SIGNUP_URL = reverse("account_signup")
EMAIL = "nouvelle.agente@collectivite.fr"


def sign_up(client, email=EMAIL, password=DEFAULT_PASSWORD):
    return client.post(SIGNUP_URL, {"email": email, "password1": password, "password2": password})


def confirmation_path(body: str) -> str:
    return re.search(r"/comptes/confirm-email/[^/\s]+/", body).group()


def test_signup_sends_a_french_verification_email(client, mailoutbox):
    response = sign_up(client)

    assertRedirects(
        response, reverse("account_email_verification_sent"), fetch_redirect_response=False
    )
    [email] = mailoutbox
    assert email.to == [EMAIL]
    assert email.subject == "[Investigations] Confirmez votre adresse e-mail"
    assert email.body.startswith("Bonjour,")
    assert confirmation_path(email.body)


def test_new_user_cannot_reach_home_before_confirming(client, mailoutbox):
    sign_up(client)

    response = client.get(reverse("home"))

    assert not get_user(client).is_authenticated
    login_then_home = f"{reverse('account_login')}?next={reverse('home')}"
    assertRedirects(response, login_then_home, fetch_redirect_response=False)


def test_following_the_emailed_link_shows_a_confirmation_form_and_confirms_nothing(
    client, mailoutbox
):
    sign_up(client)

    response = client.get(confirmation_path(mailoutbox[0].body))

    assertContains(response, "Confirmer mon adresse")
    assert not EmailAddress.objects.get(email=EMAIL).verified


def test_confirming_the_emailed_link_verifies_the_address_and_signs_in(client, mailoutbox):
    sign_up(client)

    response = client.post(confirmation_path(mailoutbox[0].body))

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert get_user(client).email == EMAIL


def test_an_unknown_confirmation_key_says_the_link_is_invalid(client):
    response = client.get(reverse("account_confirm_email", kwargs={"key": "inconnue"}))

    assertContains(response, "Ce lien de confirmation a expiré ou n’est pas valide.")


def test_a_weak_password_is_refused_with_the_error_tied_to_its_field(client):
    response = sign_up(client, password="court")

    page = PageOutline(response.content.decode())
    assert "Ce mot de passe est trop court." in page.description_of("id_password1")
    assertContains(response, 'aria-invalid="true"')
    assert not get_user_model().objects.filter(email=EMAIL).exists()
