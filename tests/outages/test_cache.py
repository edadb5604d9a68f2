"""The cache while Redis is down (incubateur/cache.py): operations go to a per-process
stand-in, a dead or silent server costs one short timeout per breaker period, and Redis
is used again once it is back."""

import socket
import time

import pytest
import redis as redis_lib
from django.contrib.auth import get_user
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur import cache as resilient_cache
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory


def test_while_redis_is_down_the_cache_answers_from_local_memory(on_redis, caplog):
    cache.set("before", "dans Redis")
    on_redis.stop()

    assert cache.get("before") is None  # Redis's data is out of reach, not an error
    assert cache.add("during", 1) is True
    assert cache.incr("during") == 2
    assert cache.get_or_set("figures", lambda: "calculés") == "calculés"
    assert cache.breaker_open
    assert "Cache unreachable" in caplog.text
    assert caplog.text.count("Cache unreachable") == 1  # once per breaker period

    on_redis.start()
    time.sleep(0.6)  # the breaker period (CACHE_BREAKER_SECONDS in the fixture)
    cache.set("after", "dans Redis")

    assert not cache.breaker_open
    assert redis_lib.Redis.from_url(on_redis.url).exists(":1:".join(["incubateur", "after"]))
    assert cache.get("during") is None  # what was counted locally is forgotten
    assert "Cache reachable again" in caplog.text


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a hung Redis, or a network
    that drops packets."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def test_a_silent_redis_costs_one_short_timeout_then_nothing(settings, silent_server, monkeypatch):
    monkeypatch.setattr(resilient_cache, "_open_until", {})
    settings.CACHES = {
        "default": {"BACKEND": "incubateur.cache.ResilientRedisCache", "LOCATION": silent_server}
    }

    started = time.monotonic()
    assert cache.get("anything") is None
    first = time.monotonic() - started
    started = time.monotonic()
    for index in range(100):
        cache.add(f"key-{index}", 0)
        cache.incr(f"key-{index}")
    following = time.monotonic() - started

    assert 0.4 < first < 2
    assert following < 0.2


def test_pages_that_use_the_cache_answer_while_redis_is_down(client, on_redis):
    on_redis.stop()
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("programmes:national_dashboard"))

    assert response.status_code == 200


def test_rate_limits_keep_counting_in_each_process_while_redis_is_down(
    client, on_redis, settings, caplog
):
    """Ours (invitations) and allauth's (failed sign-ins of one e-mail) still bite."""
    settings.RATE_LIMIT_INVITATIONS_PER_USER = "2/h"
    collectivity = CollectivityFactory()
    referent = MembershipFactory(referent=True, collectivity=collectivity).user
    on_redis.stop()

    client.force_login(referent)
    url = reverse("programmes:invitation_create", args=[collectivity.pk])
    statuses = [
        client.post(url, {"email": f"agent{index}@lehavre.fr", "role": "agent"}).status_code
        for index in range(3)
    ]
    assert statuses == [302, 302, 429]

    client.logout()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": referent.email, "password": "pas-le-bon"})
    response = client.post(
        reverse("account_login"), {"login": referent.email, "password": DEFAULT_PASSWORD}
    )
    assertContains(response, "Trop de tentatives de connexion échouées.")
    assert not get_user(client).is_authenticated
    # The fallback answered (the breaker itself may have closed again on a loaded machine).
    assert "Cache unreachable" in caplog.text
