import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user, get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.accounts.html_outline import PageOutline
from tests.factories import DEFAULT_PASSWORD
from tests.programmes.factories import InvitationFactory

SIGNUP_URL = reverse("account_signup")
EMAIL = "nouvelle.agente@collectivite.fr"


def sign_up(client, email=EMAIL, password=DEFAULT_PASSWORD, url=SIGNUP_URL, **names):
    names = {"first_name": "Nadia", "last_name": "Benali", **names}
    return client.post(url, {"email": email, "password1": password, "password2": password, **names})


def confirmation_path(body: str) -> str:
    return re.search(r"/comptes/confirm-email/[^/\s]+/", body).group()


def test_signup_sends_a_french_verification_email(client, mailoutbox):
    response = sign_up(client)

    assertRedirects(
        response, reverse("account_email_verification_sent"), fetch_redirect_response=False
    )
    [email] = mailoutbox
    assert email.to == [EMAIL]
    assert email.subject == "[Investigations] Confirmez votre adresse électronique"
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


def test_signup_asks_the_first_and_last_name_and_keeps_them(client, mailoutbox):
    form = client.get(SIGNUP_URL)
    assertContains(form, 'autocomplete="given-name"')
    assertContains(form, 'autocomplete="family-name"')

    sign_up(client, first_name=" Nadia ", last_name="Benali")

    user = get_user_model().objects.get(email=EMAIL)
    assert (user.first_name, user.last_name) == ("Nadia", "Benali")
    assert user.display_name == "Nadia Benali"


def test_signup_without_a_name_is_refused_with_the_errors_on_the_name_fields(client):
    response = sign_up(client, first_name="", last_name="  ")

    page = PageOutline(response.content.decode())
    assert "Ce champ est obligatoire." in page.description_of("id_first_name")
    assert "Ce champ est obligatoire." in page.description_of("id_last_name")
    assertContains(response, f'value="{EMAIL}"')
    assert not get_user_model().objects.filter(email=EMAIL).exists()


def test_confirming_in_the_signup_browser_returns_to_the_invitation(client, mailoutbox):
    invitation = InvitationFactory(email=EMAIL)
    invitation_url = reverse("programmes:invitation_accept", args=[invitation.token])
    sign_up(client, url=f"{SIGNUP_URL}?next={invitation_url}")

    response = client.post(confirmation_path(mailoutbox[0].body))

    assertRedirects(response, invitation_url, fetch_redirect_response=False)
    assert get_user(client).email == EMAIL


def test_confirming_in_another_browser_returns_to_the_invitation_not_the_login_page(
    client, django_user_model, mailoutbox
):
    invitation = InvitationFactory(email=EMAIL)
    invitation_url = reverse("programmes:invitation_accept", args=[invitation.token])
    sign_up(client, url=f"{SIGNUP_URL}?next={invitation_url}")
    client.cookies.clear()  # the link opened in the mail app's browser: no session

    response = client.post(confirmation_path(mailoutbox[0].body))

    assertRedirects(response, invitation_url, fetch_redirect_response=False)
    assert EmailAddress.objects.get(email=EMAIL).verified
    page = client.get(invitation_url)
    assertContains(page, f"{reverse('account_login')}?next={invitation_url}")


def test_confirming_without_a_pending_invitation_keeps_allauths_redirect(client, mailoutbox):
    InvitationFactory(email=EMAIL, accepted=True)
    sign_up(client)
    client.cookies.clear()

    response = client.post(confirmation_path(mailoutbox[0].body))

    assertRedirects(response, reverse("account_login"), fetch_redirect_response=False)
