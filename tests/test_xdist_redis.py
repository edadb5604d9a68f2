"""tests/xdist_redis.py: each pytest-xdist worker on a Redis database of its own."""

import pytest

from tests.xdist_redis import worker_redis_url


def test_worker_k_takes_the_database_k_after_the_one_given():
    assert worker_redis_url("redis://127.0.0.1:6379/3", "gw0") == "redis://127.0.0.1:6379/3"
    assert worker_redis_url("redis://127.0.0.1:6379/3", "gw1") == "redis://127.0.0.1:6379/4"


def test_without_a_database_in_the_url_the_first_worker_takes_database_0():
    assert worker_redis_url("redis://:secret@redis:6379", "gw2") == "redis://:secret@redis:6379/2"


def test_past_the_last_redis_database_the_run_stops_with_a_clear_message():
    with pytest.raises(RuntimeError, match="past Redis' last database"):
        worker_redis_url("redis://127.0.0.1:6379/15", "gw1")
