"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Playwright's own browser download does not work here, so the tests launch the system
Chromium. Without it they are skipped, except in CI (`CI=true`), where they fail.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from incubateur.demo import DEMO_PASSWORD, seed_demo

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Generous for a loaded CI machine; a passing step takes well under a second.
TIMEOUT_MS = 10_000
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
SKIP_REASON = "Chromium not found (/usr/bin/chromium or chromium on PATH): browser test skipped"


def chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, for `page` to know whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and SKIP_REASON in report.longrepr[2]
    ]
    if skipped:
        terminalreporter.write_sep("=", "browser tests", yellow=True)
        terminalreporter.write_line(
            f"{len(skipped)} browser test(s) SKIPPED: Chromium is missing. "
            "Install it with `apt-get install --no-install-recommends chromium` "
            "(with CI=true, a missing Chromium fails them).",
            yellow=True,
        )


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests; each test gets its own context.

    While Playwright's sync API runs, the main thread has a running event loop, and Django
    refuses ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the tests
    never share a connection with that loop). Scoped to this package, Playwright stops and the
    variable goes once the browser tests are over: the rest of the suite, and the
    subprocesses it starts (`check --deploy` rejects the variable), keep Django's guard."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and Chromium is missing: the browser tests must run in CI.")
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        playwright.stop()


@pytest.fixture(autouse=True)
def _e2e_media(media_root):
    """Uploads made through the browser land in a temporary folder."""


def _save_artifacts(item, context, console):
    folder = ARTIFACTS_DIR / re.sub(r"[^\w.-]+", "_", item.nodeid)
    folder.mkdir(parents=True, exist_ok=True)
    for index, open_page in enumerate(context.pages):
        suffix = f"-{index}" if index else ""
        try:
            open_page.screenshot(path=folder / f"page{suffix}.png", full_page=True)
            (folder / f"page{suffix}.html").write_text(open_page.content(), encoding="utf-8")
            (folder / f"page{suffix}.url").write_text(open_page.url + "\n", encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a closed page must not hide the failure
            (folder / f"page{suffix}.error").write_text(repr(error), encoding="utf-8")
    (folder / "console.log").write_text("\n".join(console) + "\n", encoding="utf-8")


def _new_page(request, browser, live_server, options):
    context = browser.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="fr-FR", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    console = []
    context.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page = context.new_page()
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        _save_artifacts(request.node, context, console)
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context and page, `base_url` set to the live server: `page.goto("/")`.

    Parametrize it indirectly to change the context's options, e.g.
    `@pytest.mark.parametrize("page", [{"java_script_enabled": False}], indirect=True)`."""
    yield from _new_page(request, browser, live_server, getattr(request, "param", {}))


@pytest.fixture
def page_without_js(request, browser, live_server):
    """Like `page`, with JavaScript disabled: the core forms must work without it."""
    yield from _new_page(request, browser, live_server, {"java_script_enabled": False})


@pytest.fixture
def demo(transactional_db):
    """The demo data (`make run`'s) in the test database, dated today."""
    return seed_demo(today=timezone.localdate())


@pytest.fixture
def login():
    """`login(page, email)`: sign in through the real login form, as a person would."""

    def login(page, email, password=DEMO_PASSWORD):
        page.goto("/comptes/login/")
        page.get_by_label("Adresse électronique", exact=True).fill(email)
        page.get_by_label("Mot de passe", exact=True).fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(lambda url: "/comptes/login/" not in url)
        return page

    return login
