import pytest
from django.contrib.auth import get_user
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.accounts.html_outline import PageOutline
from tests.factories import DEFAULT_PASSWORD, UserFactory

LOGIN_URL = reverse("account_login")
PROCONNECT_LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": "proconnect"})


def proconnect_apps(settings, apps):
    # A new dict: the settings fixture restores top-level values, not nested ones.
    return {"openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": apps}}


def test_verified_user_with_the_right_password_lands_on_home(client):
    user = UserFactory()

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert get_user(client) == user


def test_email_is_matched_whatever_its_case(client):
    user = UserFactory(email="agent.public@collectivite.fr")

    client.post(LOGIN_URL, {"login": "Agent.Public@Collectivite.FR", "password": DEFAULT_PASSWORD})

    assert get_user(client) == user


def test_wrong_password_shows_a_french_error_and_keeps_the_typed_email(client):
    user = UserFactory()

    response = client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})

    assertContains(response, "L’adresse électronique ou le mot de passe est incorrect.")
    assertContains(response, f'value="{user.email}"')
    assertContains(response, "<title>Erreur : Connexion")
    assert not get_user(client).is_authenticated


def test_unverified_user_is_sent_a_new_link_instead_of_being_signed_in(client, mailoutbox):
    user = UserFactory(unverified=True)

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assertRedirects(
        response, reverse("account_email_verification_sent"), fetch_redirect_response=False
    )
    assert [email.to for email in mailoutbox] == [[user.email]]
    assert not get_user(client).is_authenticated


def test_too_many_failures_for_one_email_lock_it_out_even_with_the_right_password(client):
    user = UserFactory()
    # ACCOUNT_RATE_LIMITS["login_failed"] allows 5 failures per e-mail in 5 minutes.
    for _ in range(5):
        client.post(LOGIN_URL, {"login": user.email, "password": "pas-le-bon"})

    response = client.post(LOGIN_URL, {"login": user.email, "password": DEFAULT_PASSWORD})

    assertContains(response, "Trop de tentatives de connexion échouées.")
    assert not get_user(client).is_authenticated


def test_lockout_of_one_email_leaves_other_accounts_alone(client):
    locked, other = UserFactory(), UserFactory()
    for _ in range(5):
        client.post(LOGIN_URL, {"login": locked.email, "password": "pas-le-bon"})

    client.post(LOGIN_URL, {"login": other.email, "password": DEFAULT_PASSWORD})

    assert get_user(client) == other


def test_login_page_has_one_h1_and_a_label_for_every_input(client):
    page = PageOutline(client.get(LOGIN_URL).content.decode())

    assert page.h1_count == 1
    assert {control["name"] for control in page.controls if "name" in control} == {
        "login",
        "password",
        "remember",
    }
    assert page.unlabelled_controls() == []
    assert page.dangling_descriptions() == []


def test_login_page_links_to_password_reset_and_signup(client):
    response = client.get(LOGIN_URL)

    assertContains(response, f'href="{reverse("account_reset_password")}"')
    assertContains(response, "Mot de passe oublié ?")
    assertContains(response, f'href="{reverse("account_signup")}"')


def test_login_page_has_no_proconnect_button_when_proconnect_is_not_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = proconnect_apps(settings, [])

    response = client.get(LOGIN_URL)

    assertNotContains(response, "fr-connect")
    assertNotContains(response, PROCONNECT_LOGIN_URL)


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_proconnect_comes_first_as_a_post_form_when_configured(client, settings, url_name):
    settings.SOCIALACCOUNT_PROVIDERS = proconnect_apps(
        settings,
        [
            {
                "provider_id": "proconnect",
                "name": "ProConnect",
                "client_id": "client-id",
                "secret": "secret",
                "settings": {"server_url": "https://proconnect.example.gouv.fr/api/v2"},
            }
        ],
    )

    html = client.get(reverse(url_name)).content.decode()

    proconnect_form = f'<form method="post" action="{PROCONNECT_LOGIN_URL}?process=login">'
    assert proconnect_form in html
    assert 'name="csrfmiddlewaretoken"' in html[html.index(proconnect_form) :]
    assert '<span class="fr-connect__brand">ProConnect</span>' in html
    assert html.index(proconnect_form) < html.index('name="password')
