"""The personal calendar feed (/calendrier/<token>.ics), read back with icalendar."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incubateur.calendars.models import CalendarFeed
from incubateur.privacy.services import user_anonymise
from investigations.models import CommitteeReview, Milestone
from investigations.schedule import programme_sessions_reschedule, sessions_reschedule
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory


def feed_url(user) -> str:
    return reverse("calendars:feed", args=[CalendarFeed.regenerate(user).token])


def read(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return icalendar.Calendar.from_ical(response.content)


def events_by_uid(calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_an_intrapreneur_feed_lists_sessions_and_milestones_of_their_investigation(client):
    investigation = InvestigationFactory()
    InvestigationFactory(programme=investigation.programme)  # not theirs
    intrapreneur = investigation.team.first()

    calendar = read(client, feed_url(intrapreneur))

    events = calendar.walk("VEVENT")
    sessions = list(investigation.sessions.order_by("week"))
    milestones = list(investigation.milestones.all())
    # Sessions, milestones (the committee among them) and the call's closing day.
    assert len(events) == len(sessions) + len(milestones) + 1
    by_uid = events_by_uid(calendar)
    first = by_uid[f"session-{investigation.pk}-1@127.0.0.1"]
    assert first.start == sessions[0].date
    assert first.end == sessions[0].date + datetime.timedelta(days=1)
    assert investigation.submission.title in str(first["SUMMARY"])
    page = "http://127.0.0.1:8000" + reverse(
        "investigations:investigation_detail", args=[investigation.pk]
    )
    assert page in str(first["DESCRIPTION"])
    committee = investigation.milestones.get(kind=Milestone.Kind.COMMITTEE)
    committee_event = by_uid[f"milestone-{committee.pk}@127.0.0.1"]
    assert committee_event.start == sessions[committee.due_week - 1].date
    assert "Comité d’investissement" in str(committee_event["SUMMARY"])


def test_the_feed_carries_the_europe_paris_time_zone(client):
    investigation = InvestigationFactory()

    calendar = read(client, feed_url(investigation.team.first()))

    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    assert calendar["PRODID"]
    assert calendar["VERSION"] == "2.0"


def test_uids_are_stable_from_one_fetch_to_the_next(client):
    investigation = InvestigationFactory()
    url = feed_url(investigation.team.first())

    assert events_by_uid(read(client, url)).keys() == events_by_uid(read(client, url)).keys()


def test_a_holiday_shift_raises_the_sequence_of_the_moved_session_and_its_milestone(client):
    investigation = InvestigationFactory()
    url = feed_url(investigation.team.first())
    before = events_by_uid(read(client, url))
    session = investigation.sessions.get(week=9)
    committee = investigation.milestones.get(kind=Milestone.Kind.COMMITTEE)
    # A public holiday now falls on week 9's day: the session moves to the next day.
    dates = [s.date for s in investigation.sessions.order_by("week")]
    dates[8] += datetime.timedelta(days=1)

    moved = sessions_reschedule(investigation=investigation, dates=dates)

    assert [s.week for s in moved] == [9]
    after = events_by_uid(read(client, url))
    uid = f"session-{investigation.pk}-9@127.0.0.1"
    assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + 1
    assert after[uid].start == session.date + datetime.timedelta(days=1)
    milestone_uid = f"milestone-{committee.pk}@127.0.0.1"
    assert after[milestone_uid]["SEQUENCE"] == before[milestone_uid]["SEQUENCE"] + 1
    unmoved = f"session-{investigation.pk}-8@127.0.0.1"
    assert after[unmoved]["SEQUENCE"] == before[unmoved]["SEQUENCE"] == 0


def test_a_programme_change_moves_sessions_with_a_higher_sequence(client):
    investigation = InvestigationFactory()
    programme = investigation.programme
    url = feed_url(investigation.team.first())
    former = dict(investigation.sessions.values_list("week", "date"))
    programme.weekday = (programme.weekday + 1) % 5
    programme.save()

    assert programme_sessions_reschedule(programme=programme) > 0

    events = events_by_uid(read(client, url))
    for week, date in enumerate(programme.session_dates(), start=1):
        event = events[f"session-{investigation.pk}-{week}@127.0.0.1"]
        assert event.start == date
        assert event["SEQUENCE"] == (0 if date == former[week] else 1)


def test_saving_a_session_with_a_new_date_raises_its_sequence():
    session = InvestigationFactory().sessions.get(week=2)

    session.date += datetime.timedelta(days=1)
    session.save(update_fields=["date"])
    session.refresh_from_db()
    session.save()  # unchanged date: no new revision
    session.refresh_from_db()

    assert session.sequence == 1


def test_a_revoked_token_answers_404(client):
    user = InvestigationFactory().team.first()
    url = feed_url(user)
    assert client.get(url).status_code == 200

    CalendarFeed.revoke(user)

    assert client.get(url).status_code == 404


def test_a_replaced_token_answers_404_and_the_new_one_works(client):
    user = InvestigationFactory().team.first()
    old = feed_url(user)

    new = feed_url(user)

    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_token_answers_404(client):
    assert client.get(reverse("calendars:feed", args=["x" * 43])).status_code == 404


def test_anonymisation_revokes_the_token(client):
    user = InvestigationFactory().team.first()
    url = feed_url(user)

    user_anonymise(user, reason="request", by=user)

    assert not CalendarFeed.objects.filter(user=user).exists()
    assert client.get(url).status_code == 404


def test_a_deactivated_account_feed_answers_404(client):
    user = InvestigationFactory().team.first()
    url = feed_url(user)

    user.is_active = False
    user.save()

    assert client.get(url).status_code == 404


def test_a_coach_sees_every_investigation_of_their_programmes_only(client):
    investigation = InvestigationFactory()
    other = InvestigationFactory(programme=investigation.programme)
    elsewhere = InvestigationFactory()

    uids = events_by_uid(read(client, feed_url(investigation.programme.coach))).keys()

    assert f"session-{investigation.pk}-1@127.0.0.1" in uids
    assert f"session-{other.pk}-1@127.0.0.1" in uids
    assert f"session-{elsewhere.pk}-1@127.0.0.1" not in uids


def test_an_admin_feed_holds_only_what_they_follow(client):
    InvestigationFactory()
    admin = UserFactory(admin=True)

    calendar = read(client, feed_url(admin))

    assert calendar.walk("VEVENT") == []


def test_an_agent_gets_the_call_closing_day_of_their_programme(client):
    investigation = InvestigationFactory()
    programme = investigation.programme
    agent = MembershipFactory(collectivity=programme.collectivities.first()).user

    events = events_by_uid(read(client, feed_url(agent)))

    assert list(events) == [f"call-closes-{programme.pk}@127.0.0.1"]
    assert events[f"call-closes-{programme.pk}@127.0.0.1"].start == programme.call_closes_on


def test_draft_programmes_stay_out_of_an_agent_feed(client):
    investigation = InvestigationFactory()
    Programme.objects.filter(pk=investigation.programme.pk).update(status=Programme.Status.DRAFT)
    agent = MembershipFactory(collectivity=investigation.programme.collectivities.first()).user

    assert read(client, feed_url(agent)).walk("VEVENT") == []


def _feed_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        read(client, url)
    return len(queries)


@pytest.mark.parametrize("investigations", [1, 4])
def test_the_feed_query_count_does_not_grow_with_data(client, investigations):
    coach = UserFactory(anct=True)
    first = InvestigationFactory(programme__coach=coach)
    for _ in range(investigations - 1):
        InvestigationFactory(programme__coach=coach)
    assert first.programme.coach == coach

    # The feed and its user; the investigations, their sessions, their milestones; the
    # programmes.
    assert _feed_queries(client, feed_url(coach)) == 5


def test_check_ins_are_in_the_feed_and_follow_the_committee_date(client):
    investigation = InvestigationFactory()
    review = CommitteeReview.objects.create(
        investigation=investigation, decision="build", decided_on=datetime.date(2026, 11, 26)
    )
    url = feed_url(investigation.team.first())

    before = events_by_uid(read(client, url))
    uid = f"check-in-{investigation.pk}-6@127.0.0.1"
    assert before[uid].start == datetime.date(2027, 5, 26)
    assert "Point de suivi à 6 mois" in str(before[uid]["SUMMARY"])

    review.decided_on = datetime.date(2026, 11, 27)
    review.version += 1
    review.save()

    after = events_by_uid(read(client, url))
    assert after[uid].start == datetime.date(2027, 5, 27)
    assert after[uid]["SEQUENCE"] > before[uid]["SEQUENCE"]
