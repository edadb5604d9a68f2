"""Attendance at a weekly session, recorded by the ANCT team with htmx toggles or plain
forms."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from investigations.models import Attendance
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def session(investigation):
    return investigation.sessions.get(week=3)


def intrapreneur(investigation):
    return investigation.team.order_by("pk").first()


def url(investigation, session):
    return reverse("investigations:attendance_set", args=[investigation.pk, session.pk])


def test_toggling_creates_then_updates_one_attendance(client, investigation, session):
    coach = investigation.programme.coach
    member = intrapreneur(investigation)
    client.force_login(coach)

    client.post(url(investigation, session), {"user": member.pk, "status": "present"}, **HTMX)
    client.post(url(investigation, session), {"user": member.pk, "status": "excused"}, **HTMX)

    attendance = Attendance.objects.get()
    assert (attendance.session, attendance.user, attendance.status, attendance.recorded_by) == (
        session,
        member,
        Attendance.Status.EXCUSED,
        coach,
    )


def test_with_htmx_the_session_fragment_shows_the_pressed_toggle(client, investigation, session):
    member = intrapreneur(investigation)
    client.force_login(investigation.programme.designer)

    response = client.post(
        url(investigation, session), {"user": member.pk, "status": "absent"}, **HTMX
    )

    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "<html" not in html
    assert f'id="presences-semaine-{session.week}"' in html
    assert (
        f'id="presence-{session.week}-{member.pk}-absent" class="fr-btn" aria-pressed="true"'
        in html
    )
    assert f'id="presence-{session.week}-{member.pk}-present" class="fr-btn fr-btn--tertiary"' in (
        html
    )
    assert "Relevé : absent" in html


def test_without_javascript_the_toggle_comes_back_to_the_session_anchor(
    client, investigation, session
):
    member = intrapreneur(investigation)
    client.force_login(investigation.programme.coach)

    response = client.post(url(investigation, session), {"user": member.pk, "status": "present"})

    detail = reverse("investigations:investigation_detail", args=[investigation.pk])
    assert response.status_code == 302
    assert response.url == f"{detail}#presences-semaine-{session.week}"
    assert Attendance.objects.get().status == Attendance.Status.PRESENT


def test_a_closed_programme_refuses_attendance_with_a_message(client, investigation, session):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)
    member = intrapreneur(investigation)
    client.force_login(investigation.programme.coach)

    htmx = client.post(
        url(investigation, session), {"user": member.pk, "status": "present"}, **HTMX
    )
    plain = client.post(
        url(investigation, session), {"user": member.pk, "status": "present"}, follow=True
    )

    message = "Le programme n’est pas en phase d’investigation"
    assert htmx.status_code == 200
    assert message in htmx.content.decode()
    assert [str(m) for m in plain.context["messages"]][0].startswith(message)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"status": "present"},
        {"status": "late", "user": "member"},
        {"status": "present", "user": "x"},
    ],
    ids=["no_user", "unknown_status", "malformed_user"],
)
def test_bad_toggles_are_refused_with_a_message(client, investigation, session, data):
    if data.get("user") == "member":
        data["user"] = intrapreneur(investigation).pk
    client.force_login(investigation.programme.coach)

    response = client.post(url(investigation, session), data, **HTMX)

    assert response.status_code == 200
    assert "Choisissez une personne de l’équipe et sa présence." in response.content.decode()
    assert not Attendance.objects.exists()


def test_someone_outside_the_team_cannot_be_recorded(client, investigation, session):
    outsider = InvestigationFactory(programme=investigation.programme).team.first()
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation, session), {"user": outsider.pk, "status": "present"}, **HTMX
    )

    assert "Choisissez une personne de l’équipe et sa présence." in response.content.decode()
    assert not Attendance.objects.exists()


def render_attendance(user, investigation, session, can_record):
    request = RequestFactory().get("/")
    request.user = user
    context = {
        "investigation": investigation,
        "session": investigation.sessions.prefetch_related("attendances").get(pk=session.pk),
        "team": investigation.team.all(),
        "can_record": can_record,
    }
    return render_to_string(
        "investigations/follow_up/includes/attendance.html", context, request=request
    )


def test_readers_see_the_attendance_without_toggles(investigation, session):
    member = intrapreneur(investigation)
    Attendance.objects.create(session=session, user=member, status=Attendance.Status.EXCUSED)

    html = render_attendance(member, investigation, session, can_record=False)

    assert "Excusé" in html
    assert "Non relevé" in html  # the other member
    assert "<form" not in html


def test_the_fragment_reads_prefetched_attendances(django_assert_num_queries, investigation):
    session = investigation.sessions.prefetch_related("attendances").get(week=3)
    team = list(investigation.team.all())
    request = RequestFactory().get("/")
    request.user = UserFactory()
    context = {"investigation": investigation, "session": session, "team": team}

    with django_assert_num_queries(0):
        render_to_string(
            "investigations/follow_up/includes/attendance.html",
            {**context, "can_record": True},
            request=request,
        )
