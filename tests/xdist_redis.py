"""A Redis database per pytest-xdist worker, chosen before Django reads its settings.

Loaded with `-p tests.xdist_redis` (pyproject.toml), hence imported before pytest-django sets
Django up. The tests clear the cache before each test, which on Redis empties the whole
database (FLUSHDB), and some start a real Celery worker through it: two test processes on one
database would wipe each other's counters and messages. Worker gwK takes the database of
REDIS_URL plus K (REDIS_URL=redis://host:6379/3 with two workers: databases 3 and 4).
Without xdist, or without REDIS_URL, nothing changes.
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


_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], _worker)
