"""Database-heavy tests again (suite.py says which), in a pytest subprocess whose
connections come from Django's psycopg pool (DATABASE_POOL=psycopg). In its own module so
that, under xdist, it runs beside the PgBouncer test rather than after it."""

import os
import subprocess
import sys

from tests.celery_worker import REPO_ROOT
from tests.pooling.suite import ON_PSYCOPG_POOL, run_tests

# A process on DATABASE_POOL=psycopg: its connections come from a psycopg pool.
POOL_IN_USE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    print(type(connection.pool).__name__, cursor.fetchone()[0])
"""


def test_the_database_heavy_tests_pass_on_the_psycopg_pool(test_database):
    server, name = test_database
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    url = f"postgres://{credentials}@{server['host']}:{server['port']}/{name.removeprefix('test_')}"

    result = run_tests(url, "psycopg", ON_PSYCOPG_POOL)
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
