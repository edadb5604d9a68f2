"""Every account page: inside our layout, one h1, each input labelled and described."""

import pytest
from django.urls import reverse

from tests.accounts.html_outline import PageOutline
from tests.factories import UserFactory

ANONYMOUS_PAGES = [
    ("account_login", 200),
    ("account_signup", 200),
    ("account_reset_password", 200),
    ("account_reset_password_done", 200),
    ("account_email_verification_sent", 200),
    ("account_inactive", 200),
    ("socialaccount_login_error", 401),
    ("socialaccount_login_cancelled", 200),
]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "account_logout"]


def assert_accessible_page(response, status=200):
    assert response.status_code == status
    html = response.content.decode()
    page = PageOutline(html)
    assert 'id="contenu"' in html, "rendered outside layouts/base.html"
    assert page.h1_count == 1
    assert page.unlabelled_controls() == []
    assert page.dangling_descriptions() == []
    assert " style=" not in html, "the CSP forbids inline styles"


@pytest.mark.parametrize(("url_name", "status"), ANONYMOUS_PAGES)
def test_anonymous_account_page_is_accessible(client, url_name, status):
    assert_accessible_page(client.get(reverse(url_name)), status)


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_signed_in_account_page_is_accessible(client, url_name):
    client.force_login(UserFactory())

    assert_accessible_page(client.get(reverse(url_name)))


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_signup", {"email": "pas-une-adresse", "password1": "a", "password2": "b"}),
        ("account_reset_password", {"email": "pas-une-adresse"}),
    ],
)
def test_form_errors_are_described_on_their_field_and_in_the_title(client, url_name, data):
    response = client.post(reverse(url_name), data)

    assert_accessible_page(response)
    page = PageOutline(response.content.decode())
    assert page.description_of("id_email") == "Saisissez une adresse de courriel valide."
    assert "<title>Erreur : " in response.content.decode()


def test_password_change_errors_are_described_on_their_field(client):
    client.force_login(UserFactory())

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "pas-le-bon", "password1": "x", "password2": "x"},
    )

    assert_accessible_page(response)
    page = PageOutline(response.content.decode())
    assert "Merci d'indiquer votre mot de passe actuel." in page.description_of("id_oldpassword")
