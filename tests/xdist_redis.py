"""A Redis database per pytest-xdist worker, chosen before Django reads its settings.

Loaded with `-p tests.xdist_redis` (pyproject.toml), hence imported before pytest-django sets
Django up. The tests clear the cache before each test, which on Redis empties the whole
database (FLUSHDB), and some start a real Celery worker through it: two test processes on one
database would wipe each other's counters and messages. Worker gwK takes the database of
REDIS_URL plus K (REDIS_URL=redis://host:6379/3 with two workers: databases 3 and 4).
Without xdist, or without REDIS_URL, nothing changes. A pytest that a test starts
(tests/pooling) inherits the worker's variables and keeps its database: it would otherwise
add K once more and empty another worker's database in the middle of its tests.
"""

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_DATABASES = 16  # Redis' default `databases`


def worker_redis_url(url: str, worker: str) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + int(worker.removeprefix("gw"))
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"REDIS_URL's database {base} plus {worker} is past Redis' last database "
            f"({REDIS_DATABASES - 1}): choose a lower one, or fewer workers."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


# Set once the worker's database is chosen; inherited by the processes it starts.
CHOSEN_FOR = "TESTS_REDIS_DATABASE_CHOSEN_FOR"


def choose_database(environ) -> None:
    worker = environ.get("PYTEST_XDIST_WORKER")
    if not worker or not environ.get("REDIS_URL") or environ.get(CHOSEN_FOR) == worker:
        return
    environ["REDIS_URL"] = worker_redis_url(environ["REDIS_URL"], worker)
    environ[CHOSEN_FOR] = worker


choose_database(os.environ)
