"""Fuzzing of every form and htmx endpoint (issue 8, point 6).

Every URL that accepts POST comes from the URL resolver: one without an entry in
TARGETS fails `test_every_post_endpoint_has_a_fuzz_target`. For each, the page that shows
its form is read as a browser would (input, select, textarea and button names, options
and values), then Hypothesis posts valid, hostile (huge, control characters, NUL bytes,
unicode edge cases, wrong types, out-of-range numbers), missing and repeated values, and
the other tenant's ids, with and without htmx, in multipart, urlencoded and broken UTF-8
bodies:

- first as the other tenant's user of the same role: a 403 or 404, and no row of the
  database changed;
- then as the user allowed to post there: never a 500, nothing of the other tenant
  changed (except for admins, who may touch everything), no existing row moved to another
  owner (author, programme, investigation…) and no user gained privileges.

The list pages' query strings (filters, sort, page) get the same treatment with GETs.

Each example runs in a savepoint rolled back after it, so that every example starts from
the same world. The examples are derandomised (the same in CI and locally);
FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 explores further on demand, FUZZ_SHRINK=1 shrinks what
fails to a minimal example.
"""

import os
from dataclasses import dataclass
from operator import attrgetter
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from incubateur.notifications.message import unsubscribe_path
from tests.programmes.factories import valid_siren
from tests.security.common import (
    module_world,
    project_urls,
    rolled_back,
    url_names_whose_view_reads,
)
from tests.security.fuzz_inputs import (
    fields_posting_to,
    page_forms,
    payloads,
    query_strings,
)
from tests.security.fuzz_world import (
    FuzzWorld,
    Snapshot,
    TenantGuard,
    WriteMark,
    models_without_tenant_path,
)

pytestmark = [
    pytest.mark.usefixtures("media_root"),
    # A failure's report may quote a huge value: the failure matters, not its length.
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

# About 70 seconds on SQLite for the whole module.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    # Shrinking replays hundreds of requests: the failing example is printed as found.
    phases=[Phase.explicit, Phase.generate]
    + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else []),
    suppress_health_check=list(HealthCheck),
)


def allowed_methods(name: str, pattern: URLPattern) -> set[str]:
    """The methods a view accepts, from the Allow header of its 405 to a PATCH (every
    view of the project states its methods; the view's body never runs)."""
    dummy = {"int": 1, "slug": "x", "str": "x", "path": "x", "uuid": "x"}
    kwargs = {
        key: dummy.get(type(converter).__name__.removesuffix("Converter").lower(), "x")
        for key, converter in pattern.pattern.converters.items()
    }
    request = RequestFactory().generic("PATCH", reverse(name, kwargs=kwargs))
    request.user = SimpleNamespace(is_authenticated=True, is_active=True, is_admin=False)
    response = pattern.callback(request, **kwargs)
    assert response.status_code == 405, f"{name} answers {response.status_code} to PATCH"
    return {method.strip() for method in response["Allow"].split(",")}


@dataclass(frozen=True)
class Target:
    """Who posts (an attribute of the tenant or of the world, or "anonymous"), where,
    and which page shows the form (the URL itself unless `page` is given)."""

    role: str
    url: object
    page: object = None
    # The other tenant's user of the same role, or None when there is no other tenant to
    # keep out (invitation links and unsubscribe tokens are the credential).
    other: str | None = None
    # Admins may change every tenant's data.
    guards_other_tenant: bool = True
    # Values that pass validation, which the page can't show: {field name: f(tenant)}.
    values: tuple = ()
    # The user may change their own account (its address, when anonymised).
    own_account: bool = False
    # Pages that show what a saved post changed, read after it: f(tenant) each.
    then: tuple = ()


def _url(name, **paths):
    """f(tenant): the URL, its arguments read from the tenant ("selection.slug")."""
    return lambda t: reverse(name, kwargs={key: attrgetter(path)(t) for key, path in paths.items()})


detail = _url("investigations:investigation_detail", pk="investigation.pk")
# Where the investigation's figures add up.
figures = (
    _url("programmes:programme_dashboard", slug="ongoing.slug"),
    _url("investigations:dashboard"),
)

TARGETS = {
    "programmes:collectivity_create": Target(
        "admin",
        _url("programmes:collectivity_create"),
        other="referent",
        guards_other_tenant=False,
        values=(("siren", lambda t: valid_siren(77_777_777)), ("insee_code", lambda t: "")),
    ),
    "programmes:collectivity_update": Target(
        "admin",
        _url("programmes:collectivity_update", pk="collectivity.pk"),
        other="referent",
        guards_other_tenant=False,
    ),
    "programmes:invitation_create": Target(
        "referent",
        _url("programmes:invitation_create", pk="collectivity.pk"),
        page=_url("programmes:collectivity_detail", pk="collectivity.pk"),
        other="referent",
    ),
    "programmes:invitation_cancel": Target(
        "referent",
        _url(
            "programmes:invitation_cancel",
            pk="collectivity.pk",
            invitation_pk="invitation.pk",
        ),
        page=_url("programmes:collectivity_detail", pk="collectivity.pk"),
        other="referent",
    ),
    "programmes:invitation_accept": Target(
        "outsider", _url("programmes:invitation_accept", token="invitation.token")
    ),
    "programmes:programme_create": Target(
        "admin", _url("programmes:programme_create"), other="referent", guards_other_tenant=False
    ),
    "programmes:programme_update": Target(
        "admin",
        _url("programmes:programme_update", slug="selection.slug"),
        other="referent",
        guards_other_tenant=False,
        then=(
            _url("intrapreneurs:selection_finalise", slug="selection.slug"),
            _url("programmes:programme_dashboard", slug="selection.slug"),
        ),
    ),
    "programmes:programme_transition": Target(
        "referent",
        _url("programmes:programme_transition", slug="call.slug"),
        # Closing the call is confirmed on a page of its own, which holds the form.
        page=_url("programmes:close_call_confirm", slug="call.slug"),
        other="referent",
    ),
    "programmes:call_content_update": Target(
        "referent", _url("programmes:call_content_update", slug="call.slug"), other="referent"
    ),
    "programmes:report_request": Target(
        "coach",
        _url("programmes:report_request", slug="ongoing.slug"),
        page=_url("programmes:report_list", slug="ongoing.slug"),
        other="coach",
    ),
    "programmes:report_retry": Target(
        "coach",
        _url("programmes:report_retry", pk="report.pk"),
        page=_url("programmes:report_detail", pk="report.pk"),
        other="coach",
    ),
    "programmes:sheet_request": Target(
        "coach", _url("programmes:sheet_request", pk="investigation.pk"), page=detail, other="coach"
    ),
    "intrapreneurs:submission_create": Target(
        "agent",
        _url("intrapreneurs:submission_create", slug="call.slug"),
        other="agent",
    ),
    "intrapreneurs:submission_update": Target(
        "agent",
        _url("intrapreneurs:submission_update", pk="draft_submission.pk"),
        other="agent",
    ),
    "intrapreneurs:submission_delete": Target(
        "agent",
        _url("intrapreneurs:submission_delete", pk="draft_submission.pk"),
        page=_url("intrapreneurs:submission_detail", pk="draft_submission.pk"),
        other="agent",
    ),
    "intrapreneurs:submission_withdraw": Target(
        "agent",
        _url("intrapreneurs:submission_withdraw", pk="own_submitted.pk"),
        page=_url("intrapreneurs:submission_detail", pk="own_submitted.pk"),
        other="agent",
    ),
    "intrapreneurs:attachment_delete": Target(
        "agent",
        _url(
            "intrapreneurs:attachment_delete",
            pk="own_submitted.pk",
            attachment_pk="own_attachment.pk",
        ),
        page=_url("intrapreneurs:submission_detail", pk="own_submitted.pk"),
        other="agent",
    ),
    "intrapreneurs:candidacy_form": Target(
        "agent", _url("intrapreneurs:candidacy_form", slug="call.slug"), other="agent"
    ),
    "intrapreneurs:selection_detail": Target(
        "referent",
        _url("intrapreneurs:selection_detail", slug="selection.slug", pk="submitted.pk"),
        other="referent",
    ),
    "intrapreneurs:submission_status": Target(
        "referent",
        _url("intrapreneurs:submission_status", slug="selection.slug", pk="submitted.pk"),
        page=_url("intrapreneurs:selection_detail", slug="selection.slug", pk="submitted.pk"),
        other="referent",
    ),
    "intrapreneurs:team_assign": Target(
        "referent",
        _url("intrapreneurs:team_assign", slug="selection.slug", pk="selected.pk"),
        page=_url("intrapreneurs:selection_detail", slug="selection.slug", pk="selected.pk"),
        other="referent",
    ),
    "intrapreneurs:submission_themes": Target(
        "referent",
        _url("intrapreneurs:submission_themes", slug="selection.slug", pk="submitted.pk"),
        page=_url("intrapreneurs:selection_detail", slug="selection.slug", pk="submitted.pk"),
        other="referent",
    ),
    "intrapreneurs:selection_finalise": Target(
        "referent",
        _url("intrapreneurs:selection_finalise", slug="selection.slug"),
        other="referent",
    ),
    "investigations:comment_create": Target(
        "coach",
        _url("investigations:comment_create", pk="investigation.pk"),
        page=detail,
        other="coach",
    ),
    "investigations:attendance_set": Target(
        "coach",
        _url("investigations:attendance_set", pk="investigation.pk", session_pk="session.pk"),
        page=detail,
        other="coach",
    ),
    "investigations:log_reopen": Target(
        "coach",
        _url("investigations:log_reopen", pk="investigation.pk", log_pk="log.pk"),
        page=detail,
        other="coach",
    ),
    "investigations:help_handled": Target(
        "coach",
        _url("investigations:help_handled", pk="investigation.pk", log_pk="log.pk"),
        page=detail,
        other="coach",
    ),
    "investigations:hypothesis_board": Target(
        "intrapreneur",
        _url("investigations:hypothesis_board", pk="investigation.pk"),
        other="intrapreneur",
    ),
    "investigations:hypothesis_update": Target(
        "intrapreneur",
        _url(
            "investigations:hypothesis_update", pk="investigation.pk", hypothesis_pk="hypothesis.pk"
        ),
        other="intrapreneur",
    ),
    "investigations:log_form": Target(
        "intrapreneur",
        _url("investigations:log_form", pk="investigation.pk", week="week"),
        other="intrapreneur",
    ),
    "investigations:milestone_update": Target(
        "coach",
        _url("investigations:milestone_update", pk="investigation.pk", milestone_pk="milestone.pk"),
        other="coach",
        then=figures,
    ),
    "investigations:committee_review": Target(
        "coach",
        _url("investigations:committee_review", pk="investigation.pk"),
        other="coach",
        then=figures,
    ),
    "investigations:fiche_form": Target(
        "intrapreneur",
        _url("investigations:fiche_form", pk="investigation.pk"),
        other="intrapreneur",
    ),
    "investigations:fiche_publication": Target(
        "coach",
        _url("investigations:fiche_publication", pk="investigation.pk"),
        page=_url("investigations:fiche_form", pk="investigation.pk"),
        other="coach",
    ),
    "investigations:conclusion": Target(
        "intrapreneur",
        _url("investigations:conclusion", pk="investigation.pk"),
        other="intrapreneur",
    ),
    "investigations:check_in": Target(
        "intrapreneur",
        _url("investigations:check_in", pk="investigation.pk", month="check_in_month"),
        other="intrapreneur",
    ),
    "investigations:next_step": Target(
        "intrapreneur",
        _url("investigations:next_step", pk="investigation.pk"),
        other="intrapreneur",
    ),
    "knowledge:similar_problems": Target("agent", _url("knowledge:similar_problems")),
    "notifications:preferences": Target("agent", _url("notifications:preferences")),
    "calendars:subscription": Target("agent", _url("calendars:subscription")),
    "accounts:profile": Target("agent", _url("accounts:profile")),
    "privacy:delete_account": Target(
        "agent",
        _url("privacy:delete_account"),
        values=(("email", lambda t: t.agent.email),),
        own_account=True,
    ),
    "notifications:unsubscribe": Target(
        "anonymous",
        lambda t: unsubscribe_path(t.intrapreneur),
        page=lambda t: unsubscribe_path(t.intrapreneur),
    ),
}


@dataclass(frozen=True)
class ListPage:
    role: str
    url: object
    # Filters its page must show (a check that the fuzzing reads the right form).
    filters: tuple = ()


# Every page whose view reads the query string (`test_every_query_string_is_fuzzed`).
LIST_PAGES = {
    "intrapreneurs:selection_list": ListPage(
        "referent",
        _url("intrapreneurs:selection_list", slug="selection.slug"),
        filters=("q", "status", "service", "min_score", "theme", "sort"),
    ),
    "investigations:dashboard": ListPage(
        "coach", _url("investigations:dashboard"), filters=("programme", "status", "theme", "sort")
    ),
    "investigations:public_problem_list": ListPage(
        "anonymous",
        _url("investigations:public_problem_list"),
        filters=("theme", "kind", "departement"),
    ),
    "programmes:national_dashboard": ListPage("admin", _url("programmes:national_dashboard")),
    # The admin's home: a page of programmes, searched by name.
    "home": ListPage("admin", _url("home"), filters=("q",)),
    "knowledge:search": ListPage(
        "agent",
        _url("knowledge:search"),
        filters=("q", "theme", "kind", "departement", "year", "decision"),
    ),
}
# Pages without filters, fuzzed anyway: a view may start reading the query string.
OTHER_LIST_PAGES = {
    "programmes:programme_dashboard": ListPage(
        "coach", _url("programmes:programme_dashboard", slug="ongoing.slug")
    ),
    "programmes:report_list": ListPage(
        "coach", _url("programmes:report_list", slug="ongoing.slug")
    ),
    "programmes:programme_list": ListPage("referent", _url("programmes:programme_list")),
    "programmes:collectivity_list": ListPage("admin", _url("programmes:collectivity_list")),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for the module, in a transaction rolled back at its end."""
    with module_world(django_db_blocker):
        yield FuzzWorld()


def user_of(world, tenant, role):
    if role == "anonymous":
        return None
    if hasattr(world, role):
        return getattr(world, role)
    return getattr(tenant, role)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def signed_in_again(client):
    """Each example restores the session its client started with: the row is back after
    the rollback, and a post that signed the user out (account deletion) dropped the
    cookie."""
    session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    key = session.value if session else None

    def restore():
        if key:
            client.cookies[django_settings.SESSION_COOKIE_NAME] = key

    return restore


def post(client, url, payload):
    headers = {"HX-Request": "true"} if payload.htmx else {}
    if payload.encoding != "multipart":
        return client.post(
            url,
            payload.body(),
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    for value in payload.data.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, SimpleUploadedFile):
                item.seek(0)
    return client.post(url, payload.data, headers=headers)


def assert_answered(response, label):
    assert response.status_code < 500, f"{label}: {response.status_code}"
    if not response.streaming:
        # Whatever was posted is shown back escaped.
        assert b"<script>alert(1)</script>" not in response.content, label
        assert b"<img src=x onerror" not in response.content, label


def hostile_ids(world) -> list[int]:
    return [*world.b_ids, 0, -1, 10**40, 2**63]


def test_every_post_endpoint_has_a_fuzz_target():
    posting = {
        name for name, pattern in project_urls().items() if "POST" in allowed_methods(name, pattern)
    }
    assert not posting - set(TARGETS), (
        f"POST endpoints without a fuzz target: {posting - set(TARGETS)}"
    )
    assert not set(TARGETS) - posting, f"Fuzz targets that take no POST: {set(TARGETS) - posting}"


def test_every_model_has_a_tenant():
    assert not models_without_tenant_path(), (
        "Models the fuzz tests can't attribute to a tenant: add them to TENANT_PATHS or "
        f"NOT_TENANT_DATA in tests/security/fuzz_world.py: {models_without_tenant_path()}"
    )


def test_a_snapshot_since_a_mark_sees_what_a_rolled_back_example_wrote(world):
    before = Snapshot()
    with rolled_back():
        mark = WriteMark()
        assert Snapshot(since=(before, mark)).changes_from(before) == {}
        world.b.draft.name = "Renommé"
        world.b.draft.save(update_fields=["name"])
        after = Snapshot(since=(before, mark))
        assert after.changes_from(before) == {"programmes.Programme": [world.b.draft.pk]}
        assert TenantGuard(world.b).touched(before, after) == {
            "programmes.Programme": [world.b.draft.pk]
        }
    # Rolled back: the next example starts from `before` again.
    with rolled_back():
        assert Snapshot(since=(before, WriteMark())).changes_from(before) == {}


def test_every_query_string_is_fuzzed():
    readers = set(url_names_whose_view_reads("request.GET"))
    assert readers <= set(LIST_PAGES), (
        f"Views reading the query string: {readers - set(LIST_PAGES)}"
    )


@pytest.mark.parametrize("url_name", sorted(TARGETS))
def test_fuzz_post(world, url_name):
    target = TARGETS[url_name]
    url = target.url(world.a)
    owner = client_for(user_of(world, world.a, target.role))
    page = target.page(world.a) if target.page else url
    response = owner.get(page)
    assert response.status_code == 200, f"{page}: {response.status_code}"
    fields = fields_posting_to(page_forms(response.content.decode()), url, page)
    assert fields is not None, f"No form of {page} posts to {url}"
    for name, value in target.values:
        fields[name].kind, fields[name].default = "choice", value(world.a)
        fields[name].options.append(fields[name].default)
    then = [page_url(world.a) for page_url in target.then]
    restore_owner = signed_in_again(owner)
    owner_user = user_of(world, world.a, target.role)
    other = client_for(user_of(world, world.b, target.other)) if target.other else None
    guard = TenantGuard(world.b)
    before = Snapshot()
    ids = hostile_ids(world)

    @FUZZ
    @given(payload=payloads(fields, ids, timezone.localdate()))
    def fuzz(payload):
        with rolled_back():
            mark = WriteMark()  # the database is as `before` saw it
            if other is not None:
                response = post(other, url, payload)
                assert response.status_code in (403, 404), f"other tenant: {response.status_code}"
                changes = Snapshot(since=(before, mark)).changes_from(before)
                assert not changes, f"the other tenant's user changed {changes}"
            restore_owner()
            response = post(owner, url, payload)
            assert_answered(response, url_name)
            if response.status_code in (301, 302, 303) and response["Location"].startswith("/"):
                # What was saved must show: the page the post leads to, and the others
                # that depend on it.
                for page_url in [response["Location"], *then]:
                    assert_answered(owner.get(page_url), page_url)
            after = Snapshot(since=(before, mark))
            if target.guards_other_tenant:
                touched = guard.touched(before, after)
                assert not touched, f"the other tenant's rows changed: {touched}"
            frozen = [
                change
                for change in after.frozen_changes_from(before)
                if not (target.own_account and change[:2] == ("accounts.User", owner_user.pk))
            ]
            assert not frozen, f"rows changed owner or privileges: {frozen}"

    fuzz()


@pytest.mark.parametrize("url_name", sorted({**LIST_PAGES, **OTHER_LIST_PAGES}))
def test_fuzz_query_string(world, url_name):
    page = {**LIST_PAGES, **OTHER_LIST_PAGES}[url_name]
    url = page.url(world.a)
    client = client_for(user_of(world, world.a, page.role))
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    names = sorted(
        {
            name
            for form in page_forms(response.content.decode())
            if form.method == "get"
            for name in form.fields
        }
    )
    assert set(page.filters) <= set(names), f"{url} shows no filter {page.filters}"
    before = Snapshot()
    ids = hostile_ids(world)

    @FUZZ
    @given(query=query_strings(names, ids), htmx=st.booleans())
    def fuzz(query, htmx):
        response = client.get(f"{url}?{query}", headers={"HX-Request": "true"} if htmx else {})
        assert_answered(response, url_name)

    fuzz()
    changes = Snapshot().changes_from(before)
    assert not changes, f"GETs changed {changes}"
