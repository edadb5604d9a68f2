"""Who may use each follow-up view: the ANCT team acts, the team comments, referents read
only (403), anyone outside the investigation's programme gets a 404."""

import pytest
from django.urls import reverse

from investigations.models import Attendance, Comment, WeeklyLog
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import MembershipFactory


def user_with_role(role: str, investigation):
    programme = investigation.programme
    match role:
        case "coach":
            return programme.coach
        case "designer":
            return programme.designer
        case "admin":
            return UserFactory(admin=True)
        case "intrapreneur":
            return investigation.team.order_by("pk").first()
        case "other_team_intrapreneur":
            return InvestigationFactory(programme=programme).team.first()
        case "referent":
            collectivity = programme.collectivities.first()
            return MembershipFactory(referent=True, collectivity=collectivity).user
        case "other_referent":
            return MembershipFactory(referent=True).user
        case "anonymous":
            return None
    raise ValueError(role)


def post_as(client, user, url, data):
    if user is not None:
        client.force_login(user)
    return client.post(url, data)


def comment(investigation):
    return (
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Pensez à chiffrer les rendez-vous manqués.", "visibility": "team"},
    )


def attendance(investigation):
    session = investigation.sessions.get(week=2)
    url = reverse("investigations:attendance_set", args=[investigation.pk, session.pk])
    return url, {"user": investigation.team.first().pk, "status": Attendance.Status.PRESENT}


def reopen(investigation):
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    return reverse("investigations:log_reopen", args=[investigation.pk, log.pk]), {}


def help_handled(investigation):
    log = WeeklyLogFactory(
        investigation=investigation, week=2, submitted=True, help_request="Un contact à la CAF ?"
    )
    return reverse("investigations:help_handled", args=[investigation.pk, log.pk]), {}


VIEWS = {
    "comment": comment,
    "attendance": attendance,
    "reopen": reopen,
    "help_handled": help_handled,
}


def done(view: str, investigation) -> bool:
    match view:
        case "comment":
            return Comment.objects.filter(investigation=investigation).exists()
        case "attendance":
            return Attendance.objects.filter(session__investigation=investigation).exists()
        case "reopen":
            return WeeklyLog.objects.filter(reopened_until__isnull=False).exists()
        case "help_handled":
            return WeeklyLog.objects.filter(help_handled_at__isnull=False).exists()
    raise ValueError(view)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", ["coach", "designer", "admin"])
def test_the_anct_team_may_use_every_follow_up_view(client, investigation, view, role):
    url, data = VIEWS[view](investigation)

    response = post_as(client, user_with_role(role, investigation), url, data)

    assert response.status_code == 302
    assert response.url.startswith(
        reverse("investigations:investigation_detail", args=[investigation.pk]) + "#"
    )
    assert done(view, investigation)


def test_an_intrapreneur_of_the_team_may_comment(client, investigation):
    url, data = comment(investigation)

    response = post_as(client, user_with_role("intrapreneur", investigation), url, data)

    assert response.status_code == 302
    assert done("comment", investigation)


@pytest.mark.parametrize("view", ["attendance", "reopen", "help_handled"])
def test_an_intrapreneur_of_the_team_may_not_act_for_the_anct_team(client, investigation, view):
    url, data = VIEWS[view](investigation)

    response = post_as(client, user_with_role("intrapreneur", investigation), url, data)

    assert response.status_code == 403
    assert not done(view, investigation)


@pytest.mark.parametrize("view", VIEWS)
def test_a_referent_of_the_programme_reads_but_may_not_write(client, investigation, view):
    url, data = VIEWS[view](investigation)

    response = post_as(client, user_with_role("referent", investigation), url, data)

    assert response.status_code == 403
    assert not done(view, investigation)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", ["other_team_intrapreneur", "other_referent"])
def test_anyone_outside_the_investigation_gets_404(client, investigation, view, role):
    url, data = VIEWS[view](investigation)

    response = post_as(client, user_with_role(role, investigation), url, data)

    assert response.status_code == 404
    assert not done(view, investigation)


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_the_login(client, investigation, view):
    url, data = VIEWS[view](investigation)

    response = post_as(client, None, url, data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not done(view, investigation)


@pytest.mark.parametrize("view", VIEWS)
def test_the_follow_up_views_answer_post_only(client, investigation, view):
    url, _data = VIEWS[view](investigation)
    client.force_login(investigation.programme.coach)

    assert client.get(url).status_code == 405


def test_a_session_of_another_investigation_is_a_404(client, investigation):
    other = InvestigationFactory(programme=investigation.programme)
    session = other.sessions.get(week=1)
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:attendance_set", args=[investigation.pk, session.pk]),
        {"user": other.team.first().pk, "status": Attendance.Status.PRESENT},
    )

    assert response.status_code == 404
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("name", ["investigations:log_reopen", "investigations:help_handled"])
def test_a_log_of_another_investigation_is_a_404(client, investigation, name):
    other = InvestigationFactory(programme=investigation.programme)
    log = WeeklyLogFactory(investigation=other, week=1, submitted=True, help_request="Un contact ?")
    client.force_login(investigation.programme.coach)

    response = client.post(reverse(name, args=[investigation.pk, log.pk]))

    assert response.status_code == 404
    log.refresh_from_db()
    assert log.reopened_until is None
    assert log.help_handled_at is None


def test_a_comment_on_a_log_of_another_investigation_is_a_404(client, investigation):
    other = InvestigationFactory(programme=investigation.programme)
    log = WeeklyLogFactory(investigation=other, week=1, submitted=True)
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Bravo", "log": log.pk},
    )

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_a_malformed_log_id_is_a_404(client, investigation):
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Bravo", "log": "1 OR 1=1"},
    )

    assert response.status_code == 404
    assert not Comment.objects.exists()
