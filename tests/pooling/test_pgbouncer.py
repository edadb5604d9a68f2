"""The database-heavy tests again, in a pytest subprocess whose every query goes through a
real PgBouncer in transaction mode (DATABASE_POOL=pgbouncer), and through Django's psycopg
pool (DATABASE_POOL=psycopg). PgBouncer needs PostgreSQL: on a SQLite run, the PostgreSQL
at 127.0.0.1:5432 is used (STACK.md: there on this machine and in CI)."""

import os
import subprocess
import sys

import dj_database_url
import psycopg
import pytest

from tests.celery_worker import REPO_ROOT
from tests.pooling.pgbouncer import pgbouncer

# Locks, constraints, query counts, bulk anonymisation: the parts that use the database
# most, and most particularly.
HEAVY = [
    "tests/privacy",
    "tests/investigations/test_logs_form.py",
]


# A process on DATABASE_POOL=psycopg: its connections come from a psycopg pool.
POOL_IN_USE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    print(type(connection.pool).__name__, cursor.fetchone()[0])
"""


def postgres() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    config = dj_database_url.parse(url)
    return {
        "host": config["HOST"] or "127.0.0.1",
        "port": int(config["PORT"] or 5432),
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or "",
    }


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


def run_tests(database_url: str, pool: str, modules: list[str]) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_POOL": pool,
        "SECRET_KEY": "pool-test",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "TESTING": "true",
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--reuse-db", "-q", "-p", "no:cacheprovider"] + modules,
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_database_heavy_tests_pass_through_pgbouncer_in_transaction_mode(test_database):
    server, name = test_database
    with pgbouncer(**server) as (port, log_file):
        credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
        # pytest-django adds "test_" to the name: it finds the database made above.
        url = f"postgres://{credentials}@127.0.0.1:{port}/{name.removeprefix('test_')}"
        result = run_tests(url, "pgbouncer", HEAVY)
        log = log_file.read_text()

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
    # The queries did go through PgBouncer, as the test database's client.
    assert f"{name}/{server['user']}@127.0.0.1" in log


def test_the_database_heavy_tests_pass_on_the_psycopg_pool(test_database):
    server, name = test_database
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    url = f"postgres://{credentials}@{server['host']}:{server['port']}/{name.removeprefix('test_')}"

    result = run_tests(url, "psycopg", HEAVY[:1])
    pooled = subprocess.run(
        [sys.executable, "-c", POOL_IN_USE],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url.replace(name.removeprefix("test_"), name),
            "DATABASE_POOL": "psycopg",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
    assert pooled.stdout.split() == ["ConnectionPool", "1"], pooled.stderr
