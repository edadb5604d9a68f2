import pytest
from django.core.cache import cache

from tests.accounts.fake_oidc import FakeProConnect


@pytest.fixture
def fake_proconnect():
    """A fake ProConnect server listening on 127.0.0.1 for the test's duration."""
    fake = FakeProConnect()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts (failed logins, e-mails sent) in the cache: start each test at zero.
    # It also remembers the JWT ids it has accepted, to refuse a replayed token.
    cache.clear()
