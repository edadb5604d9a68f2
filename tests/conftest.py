import collections
import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from incubateur.celery import app as celery_app
from incubateur.storage import default_storage_from
from tests.accounts.fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProConnect
from tests.e2e import SKIP_REASON as BROWSER_SKIP_REASON
from tests.s3_server import environ_set, s3_server


def pytest_addoption(parser):
    parser.addoption(
        "--storage",
        choices=["local", "s3"],
        default=os.environ.get("TEST_STORAGE", "local"),
        help="where uploads and reports go for the whole run: the local disk, or a local "
        "S3 server (moto) started for the run (default: $TEST_STORAGE, else local)",
    )


@pytest.fixture(autouse=True)
def _db_everywhere(db):
    """Every test may use the database (les-emplois' habit): no forgotten marker."""


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For data that is slow to build (the demo, a rendered PDF) and that a module's tests
    only read: a module-scoped fixture requesting this one builds it once, in a transaction
    rolled back after the module's last test. Each test still runs in its own savepoint
    inside it, so what a test changes is undone before the next. Not for modules with
    transactional tests (they empty the tables)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "redis" if settings.REDIS_URL else "eager (no REDIS_URL)"
    storage = config.getoption("--storage")
    return [f"database: {engine}", f"celery broker: {broker}", f"storage: {storage}"]


@pytest.fixture(scope="session")
def s3_environ():
    """A local S3 server for the run, started the first time a test needs it; its
    environment variables (STORAGE_BACKEND=s3, S3_*)."""
    with s3_server() as environ:
        yield environ


@pytest.fixture(scope="session", autouse=True)
def _suite_storage(request):
    """With --storage=s3, every test stores in the local S3 server, and so do the worker
    and web processes tests start (they inherit the environment)."""
    if request.config.getoption("--storage") != "s3":
        yield
        return
    environ = request.getfixturevalue("s3_environ")
    with (
        environ_set(environ),
        override_settings(STORAGES={**settings.STORAGES, "default": default_storage_from(environ)}),
    ):
        yield


@pytest.fixture(params=["local", "s3"])
def storage(request, settings, tmp_path):
    """Run the test once on the local disk, once on the local S3 server; the environment
    says the same to the processes the test starts. Yields the environment variables."""
    if request.param == "local":
        environ = {"STORAGE_BACKEND": "local", "MEDIA_ROOT": str(tmp_path / "media")}
        settings.MEDIA_ROOT = tmp_path / "media"
    else:
        environ = request.getfixturevalue("s3_environ")
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from(environ)}
    with environ_set(environ):
        yield environ


def pytest_terminal_summary(terminalreporter):
    """Says, among the last lines, how many tests were skipped and why: the browser tests
    without Chromium, the PostgreSQL-only tests on SQLite."""
    reasons = collections.Counter(
        report.longrepr[2].removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    )
    if not reasons:
        return
    terminalreporter.write_sep("=", "skipped tests", yellow=True)
    for reason, count in sorted(reasons.items()):
        if BROWSER_SKIP_REASON in reason:
            terminalreporter.write_line(
                f"{count} browser test(s) SKIPPED: Chromium is missing. "
                "`make test` installs it as root, or run "
                "`sudo apt-get install --no-install-recommends chromium` "
                "(with CI=true, a missing Chromium fails them).",
                yellow=True,
            )
        else:
            terminalreporter.write_line(f"{count} test(s) SKIPPED: {reason}", yellow=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits (allauth's and ours) count in the cache: each test starts at zero."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow by design; tests check behaviour, not its cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in the test's process; tests/test_celery_worker.py runs a real worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def media_root(request, settings, tmp_path):
    """Uploads go to a temporary folder (`pytestmark = pytest.mark.usefixtures(...)` in
    the modules that upload); with --storage=s3, under a prefix of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.config.getoption("--storage") == "s3":
        default = settings.STORAGES["default"]
        options = {**default["OPTIONS"], "location": f"tests/{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    return settings.MEDIA_ROOT


@pytest.fixture
def fake_proconnect():
    """A fake ProConnect server listening on 127.0.0.1 for the test's duration."""
    fake = FakeProConnect()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def proconnect(settings, fake_proconnect):
    """ProConnect configured as in production, but pointing at the fake server."""
    settings.PROCONNECT_CLIENT_ID = CLIENT_ID
    settings.PROCONNECT_CLIENT_SECRET = CLIENT_SECRET
    settings.PROCONNECT_SERVER_URL = fake_proconnect.url
    settings.PROCONNECT_ENABLED = True
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "proconnect",
                    "name": "ProConnect",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": fake_proconnect.url,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ],
        }
    }
    return fake_proconnect
