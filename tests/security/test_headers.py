"""Security headers and cookies of real pages, with the production settings the tests run
under (DEBUG off): Content Security Policy with nonces, HSTS, framing, referrer, browser
features, and cookies the browser keeps to itself (issue 8, point 2)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.investigations.factories import WeeklyLogFactory

pytestmark = pytest.mark.usefixtures("media_root")


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def nonce_of(response) -> str:
    (nonce,) = re.findall(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    return nonce


class Scripts(HTMLParser):
    """Every <script> of a page, and every attribute that would run script inline."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        for name, value in attributes.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.inline_handlers.append(f"<{tag} {name}={value!r}>")


def scripts_of(response) -> Scripts:
    parser = Scripts()
    parser.feed(response.content.decode())
    return parser


def test_a_page_carries_every_security_header(client):
    response = client.get(reverse("landing"), secure=True)

    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(
        feature.split("=") for feature in response.headers["Permissions-Policy"].split(", ")
    )
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]:
        assert features[feature] == "()", feature


def test_the_content_security_policy_allows_only_our_own_and_nonced_scripts(client):
    response = client.get(reverse("landing"))
    csp = csp_directives(response)

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", f"'nonce-{nonce_of(response)}'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    # htmx is told not to inject its indicator styles, so inline styles are never needed.
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_each_response_gets_its_own_nonce(client):
    first = nonce_of(client.get(reverse("landing")))
    second = nonce_of(client.get(reverse("landing")))

    assert first != second
    assert len(first) >= 16


def test_htmx_is_configured_for_the_content_security_policy(client):
    response = client.get(reverse("landing"))

    content = response.content.decode()
    (config,) = re.findall(r"<meta name=\"htmx-config\" content='([^']*)'>", content)
    assert '"includeIndicatorStyles": false' in config
    assert '"allowEval": false' in config
    assert '"allowScriptTags": false' in config
    assert '"selfRequestsOnly": true' in config


def _signed_in_htmx_page(client):
    """The investigation page, as its coach sees it: comment forms and attendance toggles
    are htmx forms."""
    log = WeeklyLogFactory(submitted=True)
    investigation = log.investigation
    client.force_login(investigation.programme.coach)
    return reverse("investigations:investigation_detail", args=[investigation.pk])


def _page(client, settings, page):
    if page == "landing":
        return client.get(reverse("landing"))
    if page == "login":
        return client.get(reverse("account_login"))
    if page == "investigation":
        response = client.get(_signed_in_htmx_page(client))
        assert b"hx-post" in response.content
        return response
    if page == "two-factor":
        client.force_login(UserFactory())
        return client.get(reverse("mfa_index"))
    # allauth's "too many requests" page, our templates/429.html.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"})
    assert response.status_code == 429
    return response


@pytest.mark.parametrize("page", ["landing", "login", "investigation", "two-factor", "429"])
def test_every_script_carries_the_response_nonce_or_comes_from_our_origin(client, settings, page):
    response = _page(client, settings, page)
    nonce = nonce_of(response)
    found = scripts_of(response)

    assert found.scripts, "the page loads the DSFR and htmx"
    for script in found.scripts:
        src = script.get("src")
        assert script.get("nonce") == nonce or (
            src and src.startswith("/") and not src.startswith("//")
        ), script
        if src is None:
            assert script.get("nonce") == nonce, script
    assert found.inline_handlers == []


def test_session_and_csrf_cookies_are_secure_http_only_and_same_site(client):
    user = UserFactory()
    login_page = client.get(reverse("account_login"))
    csrf_cookie = login_page.cookies["csrftoken"]

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    for cookie in (session_cookie, csrf_cookie):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


def test_htmx_forms_send_the_csrf_token_as_a_field_so_the_cookie_can_stay_http_only(client):
    response = client.get(_signed_in_htmx_page(client))

    content = response.content.decode()
    forms = re.findall(r"<form[^>]*hx-post=.*?</form>", content, flags=re.S)
    assert forms
    for form in forms:
        assert 'name="csrfmiddlewaretoken"' in form
    assert "hx-headers" not in content


def test_security_txt_says_where_to_report_a_vulnerability(client, settings):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines() if line)
    assert fields["Contact"] == f"mailto:{settings.SECURITY_CONTACT_EMAIL}"
    assert fields["Canonical"] == f"{settings.SITE_URL}/.well-known/security.txt"
    expires = datetime.datetime.fromisoformat(fields["Expires"])
    # RFC 9116: in the future, and less than a year away.
    assert timezone.now() < expires <= timezone.now() + datetime.timedelta(days=366)
