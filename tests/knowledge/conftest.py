import os

import pytest
from django.db import connection


@pytest.fixture
def postgresql():
    """For what only PostgreSQL's text search does (stemming, trigrams, weights): CI runs
    on PostgreSQL, so there these tests always run; a SQLite run in CI is an error, a
    local SQLite run (`make test` without DATABASE_URL) skips them."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the suite on PostgreSQL (DATABASE_URL).")
        pytest.skip("PostgreSQL's French text search: runs with DATABASE_URL, as in CI")
