"""Settings of the benchmark's measuring process (bench/measure.py): the project's own,
plus one database per scale, so that the pages of both scales are timed turn by turn in
the same process (the machine's noise then hits both alike).

`BENCH_DATABASES` maps an alias to a database URL, e.g.
`{"scale_1": "postgres://…/incubateur_bench_1", "scale_300": "postgres://…"}`;
`use(alias)` sends every ORM query, and the cache keys, to that scale's database."""

import json
import os

import dj_database_url

from incubateur.settings import *  # noqa: F403
from incubateur.settings import CACHES, DATABASES

_urls = json.loads(os.environ["BENCH_DATABASES"])
DATABASES = {
    "default": DATABASES["default"],
    **{alias: dj_database_url.parse(url, conn_max_age=600) for alias, url in _urls.items()},
}
DATABASE_ROUTERS = ["bench.settings.ScaleRouter"]
CACHES = {"default": {**CACHES["default"], "KEY_FUNCTION": "bench.settings.cache_key"}}

_current = {"alias": "default"}


def use(alias: str) -> None:
    _current["alias"] = alias


def current() -> str:
    return _current["alias"]


def cache_key(key, key_prefix, version):
    return f"{_current['alias']}:{key_prefix}:{version}:{key}"


class ScaleRouter:
    def db_for_read(self, model, **hints):
        return _current["alias"]

    def db_for_write(self, model, **hints):
        return _current["alias"]

    def allow_relation(self, obj1, obj2, **hints):
        return True
