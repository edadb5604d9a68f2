"""No open redirect through `next=` (issue 8, point 3). Only allauth's views (sign-in,
sign-up, sign-out, re-authentication, two-factor step) and the Django admin's login read
it; our own views never redirect to a URL taken from the request, and there is no language
switch (French only). Each must stay on the site whatever `next` says."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

PAYLOADS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(document.domain)",
    " //evil.example/",
    "http://testserver@evil.example/",
]


def assert_stays_on_site(response):
    assert response.status_code in (301, 302), response.status_code
    location = response["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and location[1:2] not in ("/", "\\"), location
    assert "evil" not in location and "javascript" not in location, location


@pytest.mark.parametrize("payload", PAYLOADS)
def test_signing_in_ignores_a_foreign_next(client, payload):
    user = UserFactory()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": DEFAULT_PASSWORD, "next": payload},
    )

    assert_stays_on_site(response)
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_login_page_of_a_signed_in_user_ignores_a_foreign_next(client, payload):
    client.force_login(UserFactory())

    response = client.get(reverse("account_login"), {"next": payload})

    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_signing_out_ignores_a_foreign_next(client, payload):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"), {"next": payload})

    assert_stays_on_site(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("payload", PAYLOADS)
def test_signing_up_ignores_a_foreign_next(client, payload):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "first_name": "Camille",
            "last_name": "Martin",
            "password1": "un-mot-de-passe-tres-solide",
            "password2": "un-mot-de-passe-tres-solide",
            "next": payload,
        },
    )

    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_confirming_the_password_again_ignores_a_foreign_next(client, payload):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD, "next": payload}
    )

    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_admin_login_ignores_a_foreign_next(client, payload):
    client.force_login(UserFactory(admin=True, totp=True))

    response = client.get(reverse("admin:login"), {"next": payload})

    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_admin_login_sends_anonymous_visitors_through_our_login_and_back_on_site(
    client, payload
):
    admin = UserFactory(admin=True, totp=True)
    response = client.get(reverse("admin:login"), {"next": payload})
    login_url = response["Location"]
    assert urlsplit(login_url).path == reverse("account_login")
    client.force_login(admin)

    # Our login sends a signed-in admin back to the admin's login, which goes to its index.
    response = client.get(login_url)
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    response = client.get(response["Location"])

    assert_stays_on_site(response)
    assert response["Location"] == reverse("admin:index")
