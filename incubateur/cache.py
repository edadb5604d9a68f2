"""The cache backend: Django's Redis cache that survives Redis being unreachable.

Every use of the cache (allauth's rate limits, ours, allauth's record of used TOTP codes,
the national figures) goes on when Redis is down: the operation that fails, and every
operation for `CACHE_BREAKER_SECONDS` after it (the breaker is open), goes to a
per-process local-memory cache instead. Short socket timeouts bound what the failing
operation costs; the breaker keeps the next requests from paying it again.

Why a local stand-in rather than failing open: rate limits keep counting (per process, so
each limit is multiplied by the number of processes, but a password guesser is still
slowed down), allauth's lock around its counters (`cache.add` in a loop) does not wait a
second on each sign-in, and a TOTP code stays single-use within a process. What was
counted locally is forgotten when Redis returns; Redis's own counters resume."""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Per process and per server list, shared by the threads' cache instances: until when
# Redis is left alone (time.monotonic()).
_open_until: dict[str, float] = {}
# Enough for the rate-limit counters of a busy hour in one process.
FALLBACK_MAX_ENTRIES = 10_000


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {
            # A dead or unreachable server costs at most this much, once per breaker period.
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_key = ",".join(self._servers)
        self._fallback = LocMemCache(
            f"fallback:{self._breaker_key}",
            {**params, "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES}},
        )

    @property
    def breaker_open(self) -> bool:
        return time.monotonic() < _open_until.get(self._breaker_key, 0.0)

    def _call(self, name: str, *args, **kwargs):
        if self.breaker_open:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            _open_until[self._breaker_key] = time.monotonic() + settings.CACHE_BREAKER_SECONDS
            logger.warning(
                "Cache unreachable (%s): local memory for %s s, rate limits per process.",
                error,
                settings.CACHE_BREAKER_SECONDS,
            )
            return getattr(self._fallback, name)(*args, **kwargs)
        if _open_until.pop(self._breaker_key, None) is not None:
            logger.warning("Cache reachable again.")
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
