"""The demo admin opens the Django admin, is asked to set up two-factor authentication,
does it with an authenticator app (the code computed with allauth's own TOTP functions),
then signs in again with a code. The browser reports no Content Security Policy violation
and axe-core no serious accessibility violation on the new pages."""

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from tests.e2e.test_accessibility import _blocking_violations


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_admin_sets_up_two_factor_authentication_to_reach_the_django_admin(page, demo, login):
    console = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    violations = []
    login(page, "admin@anct.gouv.fr")

    page.goto("/admin/")
    expect(page.get_by_text("L’administration est réservée aux comptes protégés")).to_be_visible()
    page.get_by_label("Mot de passe", exact=True).fill("demo-investigations-2026")
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activer une application d’authentification"
    )
    violations += _blocking_violations(page)
    secret = page.get_by_label("Clé secrète").input_value()
    page.locator("input[name=code]").fill(_code(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de secours")
    violations += _blocking_violations(page)

    page.goto("/admin/")
    expect(page.locator("#site-name")).to_contain_text("Investigations")

    page.goto("/accueil/")
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto("/comptes/login/")
    page.get_by_label("Adresse électronique", exact=True).fill("admin@anct.gouv.fr")
    page.get_by_label("Mot de passe", exact=True).fill("demo-investigations-2026")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    violations += _blocking_violations(page)
    page.locator("input[name=code]").fill(_code(secret))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/2fa/" not in url)
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_contain_text("Investigations")

    assert not violations, "\n".join(violations)
    assert not [line for line in console if "Content Security Policy" in line], console
