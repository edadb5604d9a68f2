"""Database-heavy tests again, in a pytest subprocess whose every query goes through a
real PgBouncer in transaction mode (DATABASE_POOL=pgbouncer): see suite.py for which."""

from tests.pooling.pgbouncer import pgbouncer
from tests.pooling.suite import THROUGH_PGBOUNCER, run_tests


def test_the_database_heavy_tests_pass_through_pgbouncer_in_transaction_mode(test_database):
    server, name = test_database
    with pgbouncer(**server) as (port, log_file):
        credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
        # pytest-django adds "test_" to the name: it finds the database made above.
        url = f"postgres://{credentials}@127.0.0.1:{port}/{name.removeprefix('test_')}"
        result = run_tests(url, "pgbouncer", THROUGH_PGBOUNCER)
        log = log_file.read_text()

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
    # The queries did go through PgBouncer, as the test database's client.
    assert f"{name}/{server['user']}@127.0.0.1" in log
