import pytest
from django.conf import settings


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
