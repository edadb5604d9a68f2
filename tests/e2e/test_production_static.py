"""Pages served as in production (DEBUG off, collected and hashed static files, whitenoise,
the real CSP) are styled by the DSFR, and the browser reports no error: no file refused for
its integrity, none blocked by the CSP, none missing."""

import pytest

# The DSFR's blue (« bleu France », #000091) on a primary button, and its typeface.
BLUE_FRANCE = "rgb(0, 0, 145)"


def assert_dsfr_styled(page):
    button = page.locator("main .fr-btn").first
    assert button.evaluate("element => getComputedStyle(element).backgroundColor") == BLUE_FRANCE
    font = page.locator("body").evaluate("element => getComputedStyle(element).fontFamily")
    assert font.startswith("Marianne")
    # Every stylesheet came from the hashed files that collectstatic wrote.
    hrefs = page.evaluate("[...document.styleSheets].map(sheet => sheet.href)")
    assert hrefs
    assert all("/static/" in href and href.endswith(".css") for href in hrefs), hrefs
    assert any("/dsfr.min." in href and "/dsfr.min.css" not in href for href in hrefs), hrefs


def watch_console(page, path):
    """Every console error and failed request of the page, as text. Chromium logs the
    status of an error page itself ("Failed to load resource … 404"): that one is expected."""
    problems = []

    def on_console(message):
        own_status = message.text.startswith("Failed to load resource") and message.location[
            "url"
        ].endswith(path)
        if message.type == "error" and not own_status:
            problems.append(f"[{message.type}] {message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"[pageerror] {error}"))
    page.on("requestfailed", lambda request: problems.append(f"[failed] {request.url}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"[{response.status}] {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    return problems


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # the landing page
        ("/comptes/login/", 200),  # a form
        ("/cette-page-n-existe-pas/", 404),
    ],
)
def test_pages_are_styled_without_console_errors(page, path, status):
    problems = watch_console(page, path)

    response = page.goto(path)
    page.wait_for_load_state("networkidle")

    assert response.status == status
    assert_dsfr_styled(page)
    assert problems == []


def test_the_500_page_is_styled(page, settings):
    settings.ROOT_URLCONF = "tests.e2e.failing_urls"
    problems = watch_console(page, "/erreur-de-test/")

    response = page.goto("/erreur-de-test/")
    page.wait_for_load_state("networkidle")

    assert response.status == 500
    assert page.get_by_role("heading", name="Erreur inattendue").is_visible()
    assert_dsfr_styled(page)
    assert problems == []


def test_static_files_are_served_hashed_and_cached_for_good(page):
    response = page.goto("/")
    stylesheet = page.evaluate(
        "[...document.styleSheets].map(sheet => sheet.href).find(h => h.includes('dsfr.min.'))"
    )

    css = page.request.get(stylesheet)

    assert response.status == 200
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"]
