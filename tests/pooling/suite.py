"""The database-heavy tests, run again in a pytest subprocess on another connection path
(tests/pooling/test_*.py). PgBouncer needs PostgreSQL: on a SQLite run, the PostgreSQL at
127.0.0.1:5432 is used (STACK.md: there on this machine and in CI)."""

import os
import subprocess
import sys

import dj_database_url

from tests.celery_worker import REPO_ROOT

# The tests that use the database most particularly, each group on one pooler (the privacy
# tests through PgBouncer too took its test from 18 to 22 s): the weekly log's row locks,
# savepoints and version checks through PgBouncer's transaction mode, which breaks what
# outlives a transaction; the privacy tests' bulk anonymisation, constraints and query
# counts on the psycopg pool.
THROUGH_PGBOUNCER = ["tests/investigations/test_logs_form.py"]
ON_PSYCOPG_POOL = ["tests/privacy"]


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
