"""The application on a Redis server of the test's own (tests/redis_server.py), as in
production: the cache (incubateur.cache.ResilientRedisCache) and the Celery broker, tasks
published for real to its default queue. The test stops and restarts the server."""

import pytest

from incubateur import cache as resilient_cache
from incubateur.celery import app as celery_app
from incubateur.notifications import tasks as notification_tasks
from tests.redis_server import redis_server


@pytest.fixture
def redis():
    with redis_server() as server:
        yield server


def point_celery_at(broker_url, eager):
    conf = celery_app.conf
    conf.broker_url, conf.task_always_eager = broker_url, eager
    # Forget the pools of connections and producers to the previous broker.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def on_redis(settings, redis, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "incubateur.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": "incubateur",
        }
    }
    # Short, so that the test sees Redis used again soon after it is back.
    settings.CACHE_BREAKER_SECONDS = 0.5
    monkeypatch.setattr(resilient_cache, "_open_until", {})
    monkeypatch.setattr(notification_tasks, "_paused_until", 0.0)
    monkeypatch.setattr(notification_tasks, "PAUSE_AFTER_FAILURE", 0.5)
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    point_celery_at(redis.url, eager=False)
    yield redis
    point_celery_at(*saved)
