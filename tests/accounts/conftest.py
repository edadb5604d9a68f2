import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts (failed logins, e-mails sent) in the cache: start each test at zero.
    # It also remembers the JWT ids it has accepted, to refuse a replayed token.
    cache.clear()
