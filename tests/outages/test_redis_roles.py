"""The broker and the cache on two Redis servers (REDIS_BROKER_URL, REDIS_CACHE_URL), or
both on REDIS_URL: a process configured from the environment puts its cache keys on one
and its task messages on the other."""

import os
import subprocess
import sys

import redis

from tests.celery_worker import REPO_ROOT
from tests.redis_server import redis_server

# A cache write and a published task, as a web process does them.
USE_BOTH = """
import django
django.setup()
from django.core.cache import cache
from incubateur.celery import app
cache.set("role-check", "cached", 60)
app.send_task("incubateur.notifications.tasks.deliver", args=[0])
"""


def run_process(**environ):
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("REDIS_")},
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
        "SECRET_KEY": "roles-test",
        "ALLOWED_HOSTS": "testserver",
        **environ,
    }
    env.pop("CELERY_BROKER_URL", None)
    subprocess.run([sys.executable, "-c", USE_BOTH], cwd=REPO_ROOT, env=env, check=True, timeout=60)


def cache_keys(url):
    return [key for key in redis.Redis.from_url(url).scan_iter() if b"role-check" in key]


def queued(url):
    return redis.Redis.from_url(url).llen("notifications")


def test_the_broker_and_the_cache_may_be_two_servers():
    with redis_server() as broker, redis_server() as cache:
        run_process(REDIS_BROKER_URL=broker.url, REDIS_CACHE_URL=cache.url)

        assert (queued(broker.url), cache_keys(broker.url)) == (1, [])
        assert (queued(cache.url), len(cache_keys(cache.url))) == (0, 1)


def test_one_redis_url_serves_both_roles():
    with redis_server() as server:
        run_process(REDIS_URL=server.url)

        assert (queued(server.url), len(cache_keys(server.url))) == (1, 1)
