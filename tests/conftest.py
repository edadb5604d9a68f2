import pytest
from django.conf import settings

from incubateur.celery import app as celery_app


@pytest.fixture(autouse=True)
def _db_everywhere(db):
    """Every test may use the database (les-emplois' habit): no forgotten marker."""


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "redis" if settings.REDIS_URL else "eager (no REDIS_URL)"
    return [f"database: {engine}", f"celery broker: {broker}"]


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
