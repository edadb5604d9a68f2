"""One access policy, checked on every URL of the project (issue 8, point 1).

The URL names come from the URL resolver, so a new URL without an entry in POLICY
(tests/security/policy.py) fails `test_every_url_has_a_policy`. Each URL is then
requested by each role of one world of two collectivités (tests/security/world.py), with
GET and with POST (Django's test client: no CSRF token needed), and the answers are
compared with POLICY. The URLs whose view answers htmx requests with a fragment are
requested again with the HX-Request header, against the same policy.

A refused request writes nothing to the database, not even to the audit trail; an allowed
GET writes nothing but the audit trail's record of a download.

The world is built once for the module; each request runs in a transaction rolled back
after it, so that a POST that succeeds does not change what the next role sees."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client

from tests.security.common import (
    module_world,
    project_urls,
    rolled_back,
    url_names_whose_view_reads,
)
from tests.security.policy import OUTCOMES, POLICY, POST_DATA
from tests.security.world import ROLES, World

# The session: a request may save it (a message, a sign-out).
UNWATCHED_TABLES = {"django_session"}
# The audit trail records downloads: the only write a GET may make, once allowed.
READ_LOG_TABLES = {"audit_auditevent"}


def project_url_names() -> list[str]:
    return sorted(project_urls())


def htmx_url_names() -> list[str]:
    """The URLs whose view answers an htmx request differently (with a fragment)."""
    return url_names_whose_view_reads("request.htmx")


def outcome_of(response, method: str) -> str:
    """The response in the policy's words (see tests/security/policy.py)."""
    status = response.status_code
    if 300 <= status < 400:
        if urlsplit(response["Location"]).path == resolve_url("account_login"):
            return "login"
        return "ok" if method == "POST" else "redirect"
    return "ok" if status == 200 else str(status)


class WriteRecorder:
    """The tables a request writes to, from the SQL it runs (connection.execute_wrapper):
    cheaper than comparing the database before and after, and it also sees a write that
    leaves a row as it was."""

    WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self):
        self.tables = set()

    def __call__(self, execute, sql, params, many, context):
        match = self.WRITE.match(sql)
        if match and match[1] not in UNWATCHED_TABLES:
            self.tables.add(match[1])
        return execute(sql, params, many, context)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module's tests, with a session per signed-in role, in a
    transaction rolled back after them."""
    with module_world(django_db_blocker, MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        world = World()
        world.sessions = {}
        for role, user in world.users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world


def request_as(world, role, url_name, method, htmx) -> tuple[str, set[str]]:
    """One request by one role, in a transaction rolled back after it: its outcome, and
    the tables it wrote to."""
    client = Client(headers={"HX-Request": "true"} if htmx else None)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = world.url_for(url_name)
    writes = WriteRecorder()
    with rolled_back(), connection.execute_wrapper(writes):
        if method == "POST":
            response = client.post(url, POST_DATA.get(url_name, {}))
        else:
            response = client.get(url)
        if response.streaming:  # downloads and CSV exports: read to the end, then closed
            b"".join(response.streaming_content)
    return outcome_of(response, method), writes.tables


def test_every_url_has_a_policy():
    names = project_url_names()
    missing = [name for name in names if name not in POLICY]
    stale = [name for name in POLICY if name not in names]
    assert not missing, f"URLs without an access policy: {missing}"
    assert not stale, f"Policy entries for URLs that no longer exist: {stale}"


def test_the_policy_names_every_role_with_known_outcomes():
    for name, (get_policy, post_policy) in POLICY.items():
        for policy in (get_policy, post_policy):
            assert set(policy) == set(ROLES), name
            assert set(policy.values()) <= OUTCOMES, name
        assert "redirect" not in post_policy.values(), f"{name}: a POST redirect is 'ok'"


def test_anonymous_visitors_are_sent_to_sign_in_whatever_the_method():
    """The login check comes before the method check: a URL that needs an account sends
    anonymous visitors to the login page for GET and POST alike (and signed-in users get
    the 405)."""
    for name, (get_policy, post_policy) in POLICY.items():
        anonymous = {get_policy["anonymous"], post_policy["anonymous"]}
        if "login" in anonymous:
            assert "405" not in anonymous, name


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url_name", project_url_names())
def test_access_policy(world, url_name, method):
    check_policy(world, url_name, method, htmx=False)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url_name", htmx_url_names())
def test_access_policy_of_htmx_requests(world, url_name, method):
    check_policy(world, url_name, method, htmx=True)


def check_policy(world, url_name, method, *, htmx):
    get_policy, post_policy = POLICY[url_name]
    expected = post_policy if method == "POST" else get_policy
    actual, writes = {}, {}
    for role in ROLES:
        actual[role], tables = request_as(world, role, url_name, method, htmx)
        if actual[role] not in ("ok", "redirect"):
            forbidden = tables  # refused: nothing at all, not even in the audit trail
        elif method == "GET":
            forbidden = tables - READ_LOG_TABLES
        else:
            forbidden = set()
        if forbidden:
            writes[role] = sorted(forbidden)
    assert actual == expected
    assert not writes, f"{method} wrote to the database: {writes}"
