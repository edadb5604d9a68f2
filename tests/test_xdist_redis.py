"""tests/xdist_redis.py: each pytest-xdist worker on a Redis database of its own."""

import pytest

from tests.xdist_redis import choose_database, worker_redis_url


def test_worker_k_takes_the_database_k_after_the_one_given():
    assert worker_redis_url("redis://127.0.0.1:6379/3", "gw0") == "redis://127.0.0.1:6379/3"
    assert worker_redis_url("redis://127.0.0.1:6379/3", "gw1") == "redis://127.0.0.1:6379/4"


def test_without_a_database_in_the_url_the_first_worker_takes_database_0():
    assert worker_redis_url("redis://:secret@redis:6379", "gw2") == "redis://:secret@redis:6379/2"


def test_past_the_last_redis_database_the_run_stops_with_a_clear_message():
    with pytest.raises(RuntimeError, match="past Redis' last database"):
        worker_redis_url("redis://127.0.0.1:6379/15", "gw1")


def test_a_pytest_started_by_a_worker_keeps_the_workers_database():
    worker = {"PYTEST_XDIST_WORKER": "gw1", "REDIS_URL": "redis://127.0.0.1:6379/3"}
    choose_database(worker)
    subprocess = dict(worker)  # what a pytest subprocess of gw1 inherits

    choose_database(subprocess)

    assert worker["REDIS_URL"] == subprocess["REDIS_URL"] == "redis://127.0.0.1:6379/4"


def test_without_xdist_or_redis_nothing_changes():
    alone = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    without_redis = {"PYTEST_XDIST_WORKER": "gw1"}

    choose_database(alone)
    choose_database(without_redis)

    assert alone == {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert without_redis == {"PYTEST_XDIST_WORKER": "gw1"}
