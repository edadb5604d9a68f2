"""The Django admin is for admins (is_staff) who sign in with two-factor authentication
(issue 8, point 3): allauth's MFA, an authenticator app (TOTP) and recovery codes. Codes
are computed with allauth's own TOTP functions."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import DEFAULT_PASSWORD, UserFactory

ADMIN = reverse("admin:index")
CHANGELIST = reverse("admin:programmes_collectivity_changelist")


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def admin_with_totp():
    admin = UserFactory(admin=True, is_superuser=True)
    admin.totp_secret = generate_totp_secret()
    TOTP.activate(admin, admin.totp_secret)
    return admin


def sign_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )


def confirm_password(client):
    """allauth asks for the password again before changing authenticators."""
    return client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})


def test_an_admin_without_two_factor_authentication_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(admin=True, is_superuser=True))

    for url in (ADMIN, CHANGELIST):
        response = client.get(url)

        assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("réservée aux comptes protégés par la double" in m for m in messages)


def test_the_setup_page_explains_in_french_after_the_password_is_confirmed(client):
    admin = UserFactory(admin=True, is_superuser=True)
    sign_in(client, admin)

    response = client.get(ADMIN, follow=True)

    assertContains(response, "L’administration est réservée aux comptes protégés")
    assertContains(response, "Confirmer votre identité")
    response = client.post(
        response.redirect_chain[-1][0], {"password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assertContains(response, "Activer une application d’authentification")
    assertContains(response, "Clé secrète")
    assertContains(response, 'src="data:image/svg+xml;base64,')


def test_an_admin_activates_an_app_and_gets_recovery_codes(client):
    admin = UserFactory(admin=True, is_superuser=True)
    sign_in(client, admin)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
    assert set(admin.authenticator_set.values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assertContains(codes, "Codes de secours")
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_activates_nothing(client):
    admin = UserFactory(admin=True)
    sign_in(client, admin)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert not admin.authenticator_set.exists()


def test_an_admin_with_an_app_signs_in_with_a_code_and_reaches_the_admin(client, admin_with_totp):
    response = sign_in(client, admin_with_totp)

    assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assertContains(page, "Double authentification")
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(admin_with_totp.totp_secret)}
    )
    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert client.get(ADMIN).status_code == 200
    assert client.get(CHANGELIST).status_code == 200


def test_a_wrong_code_does_not_sign_in(client, admin_with_totp):
    sign_in(client, admin_with_totp)

    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_recovery_code_replaces_the_app_once(client, admin_with_totp):
    (code, *_others) = RecoveryCodes.activate(admin_with_totp).generate_codes()
    sign_in(client, admin_with_totp)

    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.get(ADMIN).status_code == 200
    client.logout()
    sign_in(client, admin_with_totp)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("totp", [False, True], ids=["without-app", "with-app"])
def test_other_users_never_get_into_the_admin(client, totp):
    user = UserFactory(anct=True, totp=totp)
    client.force_login(user)

    for url in (ADMIN, CHANGELIST):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:login")).status_code == 200
    assert (
        b"Investigations \xe2\x80\x94 Incubateur des territoires"
        in client.get(reverse("admin:login")).content
    )


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_requirement_can_be_switched_off(client, settings):
    settings.ADMIN_REQUIRE_MFA = False
    client.force_login(UserFactory(admin=True, is_superuser=True))

    assert client.get(ADMIN).status_code == 200


def test_the_account_menu_links_to_two_factor_authentication(client):
    client.force_login(UserFactory())

    response = client.get(reverse("mfa_index"))

    assertContains(response, f'href="{reverse("mfa_index")}"', count=1)
    assertContains(response, "<h1>Double authentification</h1>", html=True)
    assertContains(response, "Activer une application d’authentification")


def test_deactivating_the_app_closes_the_admin_again(client, admin_with_totp):
    client.force_login(admin_with_totp)
    confirm_password(client)
    page = client.get(reverse("mfa_deactivate_totp"))
    assertContains(page, "Désactiver l’application d’authentification")

    client.post(reverse("mfa_deactivate_totp"))

    assert not admin_with_totp.authenticator_set.filter(type=Authenticator.Type.TOTP).exists()
    assertRedirects(client.get(ADMIN), reverse("mfa_activate_totp"), fetch_redirect_response=False)


def test_new_recovery_codes_replace_the_old_ones(client, admin_with_totp):
    old_codes = RecoveryCodes.activate(admin_with_totp).generate_codes()
    client.force_login(admin_with_totp)
    confirm_password(client)
    page = client.get(reverse("mfa_generate_recovery_codes"))
    assertContains(page, "Vos codes actuels ne fonctionneront plus.")

    response = client.post(reverse("mfa_generate_recovery_codes"), follow=True)

    assertContains(response, "Codes de secours")
    new_codes = RecoveryCodes(
        admin_with_totp.authenticator_set.get(type=Authenticator.Type.RECOVERY_CODES)
    ).generate_codes()
    assert set(new_codes).isdisjoint(old_codes)
    for code in new_codes:
        assertContains(response, code)


def test_guessing_codes_is_stopped_by_the_failed_login_limit(client, admin_with_totp):
    # allauth counts wrong codes as failed logins of the account: 5 in 5 minutes.
    sign_in(client, admin_with_totp)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})

    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(admin_with_totp.totp_secret)}
    )

    assertContains(response, "Trop de tentatives")
    assert "_auth_user_id" not in client.session
