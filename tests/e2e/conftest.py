"""Browser tests: Playwright's sync API driving Debian's Chromium against a live server
configured as in production.

The server is Django's WSGI application alone, as gunicorn runs it: DEBUG off, whitenoise
serving the files that `collectstatic` put in a temporary STATIC_ROOT with the manifest
storage (hashed names, `url()`s rewritten in the CSS), the real Content Security Policy.
pytest-django's own `live_server` would serve the static files from the app folders,
unrewritten. Production's storage (whitenoise's CompressedManifest…) is this one plus
gzip and brotli copies of the same bytes, which take 30 s more to make on 2 cores: the tests
leave them out.

Playwright's own browser download does not work here, so the tests launch the system
Chromium. Without it they are skipped, except in CI (`CI=true`), where they fail.
"""

import fcntl
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from demo.seed import DEMO_PASSWORD
from tests.e2e import SKIP_REASON
from tests.e2e.demo_snapshot import demo_for

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
# Generous for a loaded machine (2 cores shared, a PDF rendered inside a request); a passing
# step takes well under a second, only a failing one waits this long.
TIMEOUT_MS = 30_000
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def chromium_path() -> str | None:
    """CHROMIUM_PATH if set (tests/incubateur/test_system_packages.py sets a wrong one to see
    the skips reported), else Debian's Chromium."""
    if "CHROMIUM_PATH" in os.environ:
        return os.environ["CHROMIUM_PATH"] if os.path.exists(os.environ["CHROMIUM_PATH"]) else None
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(items):
    """Marks the browser tests; without Chromium (outside CI) skips them at once, before
    any fixture (database, static files) is set up for nothing."""
    here = Path(__file__).parent
    skip = chromium_path() is None and os.environ.get("CI") != "true"
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            if skip:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, for `page` to know whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests; each test gets its own context.

    While Playwright's sync API runs, the main thread has a running event loop, and Django
    refuses ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set (the tests
    never share a connection with that loop). Scoped to this package, Playwright stops and the
    variable goes once the browser tests are over: the rest of the suite, and the
    subprocesses it starts (`check --deploy` rejects the variable), keep Django's guard."""
    executable = chromium_path()
    if executable is None:  # only with CI=true: elsewhere the tests were skipped at collection
        pytest.fail("CI=true and Chromium is missing: the browser tests must run in CI.")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        playwright.stop()


def _collect_static_once(tmp_path_factory, worker_id) -> Path:
    """`collectstatic` into a folder of this run, once for all the xdist workers (the first
    one collects, under a lock; the others wait and reuse it)."""
    run_tmp = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run_tmp = run_tmp.parent  # shared by the workers of this run only
    root = run_tmp / "static-root"
    done = run_tmp / "static-root.done"
    with open(run_tmp / "static-root.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            with override_settings(
                STATIC_ROOT=root,
                STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}},
            ):
                call_command("collectstatic", interactive=False, verbosity=0)
            done.touch()
    return root


@pytest.fixture(scope="package")
def production_static(tmp_path_factory, worker_id):
    """The production static files: collected, then served by whitenoise from STATIC_ROOT."""
    root = _collect_static_once(tmp_path_factory, worker_id)
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=root,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}},
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        yield root


@pytest.fixture(scope="package")
def live_server(production_static):
    """Overrides pytest-django's: the server runs Django's bare WSGI application (as gunicorn
    does), so static files go through whitenoise, never through a test-only handler. One
    server for the package; pytest-django's helper still gives each test `transactional_db`."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda _test_handler: WSGIHandler()
    server.start()
    yield server
    server.stop()


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
    """The demo data (`make run`'s) in the test database, dated today (seeded once per
    worker, then copied back: tests/e2e/demo_snapshot.py)."""
    return demo_for(timezone.localdate())


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
