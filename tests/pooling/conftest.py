import os

import psycopg
import pytest

from tests.pooling.suite import postgres


@pytest.fixture
def test_database():
    """A database of this run's own, created directly on PostgreSQL: the subprocess reuses
    it (--reuse-db) and migrates it through the pooler; dropped here, not through it."""
    server = postgres()
    name = f"test_pool_{os.getpid()}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield server, name
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
