"""The investigation page's calendar and its writing rules, asked of investigations.progress
directly: each week's status, when a log locks, who may write it, and why a log or a page
is read-only. Every test gives `today`, so that nothing depends on the day it runs."""

import datetime

import pytest
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.formats import date_format

from investigations.models import WeeklyLog, WeeklySession
from investigations.progress import (
    Calendar,
    CalendarWeek,
    WeekStatus,
    log_read_only_reason,
    phase_is_open,
    phase_notice,
)
from investigations.services import log_for_week
from programmes.models import Programme
from tests.investigations.factories import (
    CommentFactory,
    WeeklyLogFactory,
)

DAY = datetime.timedelta(days=1)


def session_of(investigation, week) -> WeeklySession:
    return investigation.sessions.get(week=week)


def week_of(investigation, week, *, today, log=None, writer=True) -> CalendarWeek:
    """Week `week` as the page shows it on `today` (to a team member by default)."""
    current_week = investigation.current_week(investigation.sessions.all(), today)
    return CalendarWeek.build(
        session_of(investigation, week),
        log,
        current_week=current_week,
        today=today,
        writer=writer,
    )


def prefetch(investigation) -> None:
    """What the investigation page prefetches for its calendar."""
    prefetch_related_objects(
        [investigation],
        Prefetch("sessions", queryset=WeeklySession.objects.order_by("week")),
        Prefetch("logs", queryset=WeeklyLog.objects.select_related("session")),
        "logs__comments",
    )


def calendar_of(investigation, *, today, is_member=True) -> Calendar:
    prefetch(investigation)
    return Calendar.of(investigation, today=today, is_member=is_member)


class TestWeekStatus:
    def test_a_week_whose_session_is_still_to_come_is_upcoming_and_not_writable(
        self, investigation
    ):
        today = session_of(investigation, 3).date - DAY

        week = week_of(investigation, 3, today=today)

        assert (week.status, week.is_current, week.can_edit) == (WeekStatus.UPCOMING, False, False)
        assert week.status_label == "À venir"

    def test_the_session_day_starts_the_week_not_started_and_writable(self, investigation):
        today = session_of(investigation, 3).date

        week = week_of(investigation, 3, today=today)

        assert (week.status, week.is_current, week.can_edit) == (
            WeekStatus.NOT_STARTED,
            True,
            True,
        )
        assert week.status_label == "Non commencé"

    def test_the_current_week_with_a_draft_is_a_draft(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=3)
        today = session_of(investigation, 3).date + DAY

        week = week_of(investigation, 3, today=today, log=log)

        assert (week.status, week.log, week.can_edit) == (WeekStatus.DRAFT, log, True)
        assert week.status_label == "Brouillon"

    def test_a_submitted_log_is_submitted_in_its_week_and_after(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=3, submitted=True)
        in_its_week = session_of(investigation, 3).date
        weeks_later = session_of(investigation, 6).date

        assert week_of(investigation, 3, today=in_its_week, log=log).status == (
            WeekStatus.SUBMITTED
        )
        assert week_of(investigation, 3, today=weeks_later, log=log).status == (
            WeekStatus.SUBMITTED
        )
        assert week_of(investigation, 3, today=in_its_week, log=log).status_label == "Envoyé"

    def test_an_earlier_week_without_a_submitted_log_is_late(self, investigation):
        draft = WeeklyLogFactory(investigation=investigation, week=2)
        today = session_of(investigation, 3).date

        missing = week_of(investigation, 1, today=today)
        drafted = week_of(investigation, 2, today=today, log=draft)

        assert (missing.status, drafted.status) == (WeekStatus.LATE, WeekStatus.LATE)
        assert missing.status_label == "En retard"
        assert not missing.is_current

    def test_the_day_before_the_next_session_the_week_is_still_current(self, investigation):
        today = session_of(investigation, 4).date - DAY

        week = week_of(investigation, 3, today=today)

        assert (week.status, week.is_current) == (WeekStatus.NOT_STARTED, True)


class TestLock:
    def test_a_log_is_writable_until_the_end_of_the_following_week_then_locked(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        deadline = log.session.log_deadline

        last_day = week_of(investigation, 1, today=deadline, log=log)
        day_after = week_of(investigation, 1, today=deadline + DAY, log=log)

        assert (last_day.is_locked, last_day.can_edit) == (False, True)
        assert (day_after.is_locked, day_after.can_edit) == (True, False)

    def test_a_missing_log_is_never_locked_so_a_late_team_can_catch_up(self, investigation):
        today = session_of(investigation, 10).date

        week = week_of(investigation, 1, today=today)

        assert (week.status, week.is_locked, week.can_edit) == (WeekStatus.LATE, False, True)

    def test_a_reopened_log_is_writable_until_its_reopening_ends(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        log.reopened_until = log.session.log_deadline + 5 * DAY

        reopened = week_of(investigation, 1, today=log.reopened_until, log=log)
        over = week_of(investigation, 1, today=log.reopened_until + DAY, log=log)

        assert (reopened.is_locked, reopened.can_edit) == (False, True)
        assert (over.is_locked, over.can_edit) == (True, False)

    def test_someone_who_does_not_write_never_edits_even_the_current_week(self, investigation):
        today = session_of(investigation, 3).date

        week = week_of(investigation, 3, today=today, writer=False)

        assert (week.status, week.can_edit) == (WeekStatus.NOT_STARTED, False)


class TestCalendar:
    def test_one_week_per_session_in_order_from_the_first_to_the_last(self, investigation):
        sessions = list(investigation.sessions.order_by("week"))

        calendar = calendar_of(investigation, today=sessions[0].date)

        assert [week.session for week in calendar.weeks] == sessions
        assert [week.week for week in calendar.weeks] == list(range(1, 11))

    def test_before_the_first_session_no_week_is_current_and_all_are_upcoming(self, investigation):
        today = session_of(investigation, 1).date - DAY

        calendar = calendar_of(investigation, today=today)

        assert calendar.current_week == 0
        assert {week.status for week in calendar.weeks} == {WeekStatus.UPCOMING}
        assert not any(week.is_current or week.can_edit for week in calendar.weeks)

    def test_the_first_session_day_makes_the_first_week_current(self, investigation):
        calendar = calendar_of(investigation, today=session_of(investigation, 1).date)

        assert calendar.current_week == 1
        assert [week.week for week in calendar.weeks if week.is_current] == [1]
        assert calendar.weeks[0].status == WeekStatus.NOT_STARTED
        assert {week.status for week in calendar.weeks[1:]} == {WeekStatus.UPCOMING}

    def test_the_last_week_stays_current_after_its_session(self, investigation):
        today = session_of(investigation, 10).date + 30 * DAY

        calendar = calendar_of(investigation, today=today)

        assert calendar.current_week == 10
        assert [week.week for week in calendar.weeks if week.is_current] == [10]
        assert {week.status for week in calendar.weeks[:9]} == {WeekStatus.LATE}

    def test_a_week_with_a_log_shows_it_with_its_comments_the_others_none(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=2, submitted=True)
        comment = CommentFactory(investigation=investigation, log=log)
        today = session_of(investigation, 3).date

        calendar = calendar_of(investigation, today=today)

        second, third = calendar.weeks[1], calendar.weeks[2]
        assert (second.log, second.status, second.comments) == (
            log,
            WeekStatus.SUBMITTED,
            [comment],
        )
        assert (third.log, third.comments) == (None, [])

    def test_prefetched_it_makes_no_query(self, investigation, django_assert_num_queries):
        WeeklyLogFactory(investigation=investigation, week=1)
        today = session_of(investigation, 1).date
        prefetch(investigation)

        with django_assert_num_queries(0):
            Calendar.of(investigation, today=today, is_member=True)

    def test_an_investigation_without_sessions_has_an_empty_calendar(self, investigation):
        investigation.sessions.all().delete()

        calendar = calendar_of(investigation, today=datetime.date(2026, 1, 1))

        assert (calendar.weeks, calendar.current_week) == ([], 0)

    def test_only_the_team_writes(self, investigation):
        today = session_of(investigation, 3).date

        reader = calendar_of(investigation, today=today, is_member=False)
        member = calendar_of(investigation, today=today, is_member=True)

        assert not any(week.can_edit for week in reader.weeks)
        assert [week.week for week in member.weeks if week.can_edit] == [1, 2, 3]

    def test_nobody_writes_in_a_closed_programme(self, investigation):
        Programme.objects.filter(pk=investigation.programme_id).update(
            status=Programme.Status.CLOSED
        )
        investigation.programme.refresh_from_db()
        today = session_of(investigation, 3).date

        calendar = calendar_of(investigation, today=today, is_member=True)

        assert not any(week.can_edit for week in calendar.weeks)
        assert calendar.weeks[0].status == WeekStatus.LATE  # the statuses stay


class TestPhase:
    def test_the_team_writes_during_the_investigation_phase(self, investigation):
        assert phase_is_open(investigation)
        assert phase_notice(investigation) == ""

    def test_a_closed_programme_leaves_only_comments(self, investigation):
        investigation.programme.status = Programme.Status.CLOSED

        assert not phase_is_open(investigation)
        assert phase_notice(investigation) == (
            "Le programme est clos : plus rien n’est modifiable, seuls les commentaires "
            "restent possibles."
        )

    @pytest.mark.parametrize(
        "status",
        [Programme.Status.DRAFT, Programme.Status.CALL_OPEN, Programme.Status.SELECTION],
    )
    def test_before_the_investigation_phase_nothing_is_writable(self, investigation, status):
        investigation.programme.status = status

        assert not phase_is_open(investigation)
        assert phase_notice(investigation) == (
            "Le programme n’est pas en phase d’investigation : rien n’est modifiable pour le "
            "moment."
        )


class TestLogReadOnlyReason:
    def test_a_log_of_a_started_week_is_writable(self, investigation):
        log = log_for_week(investigation=investigation, week=3)

        assert log_read_only_reason(investigation, log, session_of(investigation, 3).date) == ""

    def test_a_week_not_started_says_from_when(self, investigation):
        log = log_for_week(investigation=investigation, week=3)
        starts = log.session.date

        reason = log_read_only_reason(investigation, log, starts - DAY)

        assert reason == (
            "Cette semaine n’a pas encore commencé : son journal pourra être écrit à partir "
            f"du {date_format(starts, 'l j F Y')}."
        )

    def test_a_locked_log_says_to_ask_the_coach_from_the_day_after_its_deadline(
        self, investigation
    ):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        deadline = log.session.log_deadline

        assert log_read_only_reason(investigation, log, deadline) == ""
        assert log_read_only_reason(investigation, log, deadline + DAY) == (
            "Ce journal est verrouillé depuis la fin de la semaine suivante — demandez au "
            "coach de le rouvrir."
        )

    def test_a_log_never_written_is_not_locked(self, investigation):
        log = log_for_week(investigation=investigation, week=1)
        long_after = log.session.log_deadline + 60 * DAY

        assert log.pk is None
        assert log_read_only_reason(investigation, log, long_after) == ""

    def test_a_closed_programme_comes_first(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        investigation.programme.status = Programme.Status.CLOSED

        reason = log_read_only_reason(investigation, log, log.session.log_deadline + DAY)

        assert reason == (
            "Le programme n’est plus en phase d’investigation : ce journal est en lecture seule."
        )
