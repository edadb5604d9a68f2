import datetime

from django.utils import timezone

from investigations.models import Attendance, Hypothesis, Investigation, WeeklyLog
from investigations.progress import Progress, with_progress
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)


def progress(investigation, today, now=None):
    annotated = with_progress(
        Investigation.objects.filter(pk=investigation.pk).select_related("programme"), today
    ).get()
    now = now or timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    return Progress.of(annotated, now)


def sessions(investigation):
    return list(investigation.sessions.order_by("week"))


def attend(investigation, statuses):
    """statuses[i] is the status of every team member at week i + 1."""
    for session, status in zip(sessions(investigation), statuses, strict=False):
        for user in investigation.team.all():
            Attendance.objects.create(session=session, user=user, status=status)


def test_an_investigation_with_every_log_and_good_attendance_is_on_track():
    investigation = InvestigationFactory()
    today = sessions(investigation)[4].date  # week 5 has just started
    for week in range(1, 6):
        WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
    attend(investigation, ["present"] * 5)
    HypothesisFactory(investigation=investigation, status=Hypothesis.Status.VALIDATED)
    HypothesisFactory(investigation=investigation)

    result = progress(investigation, today)

    assert result.status == Progress.ON_TRACK
    assert result.current_week == 5
    assert result.logs_submitted == 5
    assert result.missed_weeks == 0
    assert result.attendance_rate == 1
    assert result.hypotheses == (1, 1, 0)
    assert result.next_milestone == "Page publique du problème"
    assert result.next_milestone_week == 3
    assert result.explanation == "Aucun signal d’alerte."


def test_one_missed_week_is_to_watch():
    investigation = InvestigationFactory()
    today = sessions(investigation)[4].date
    for week in (1, 2, 4):  # week 3 is over and has no log; week 5 has just begun
        WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
    WeeklyLogFactory(investigation=investigation, week=3)  # a draft doesn't count

    result = progress(investigation, today)

    assert (result.missed_weeks, result.status) == (1, Progress.WATCH)
    assert result.reasons == ("une semaine sans journal",)


def test_a_help_request_open_for_more_than_a_week_is_to_watch():
    investigation = InvestigationFactory()
    today = sessions(investigation)[1].date
    log = WeeklyLogFactory(
        investigation=investigation,
        week=1,
        submitted=True,
        help_request="Besoin d’aide pour les données",
    )
    now = log.submitted_at + datetime.timedelta(days=8)

    assert progress(investigation, today, now).status == Progress.WATCH
    assert progress(investigation, today, log.submitted_at).status == Progress.ON_TRACK
    WeeklyLog.objects.filter(pk=log.pk).update(help_handled_at=timezone.now())
    assert progress(investigation, today, now).status == Progress.ON_TRACK


def test_two_missed_weeks_or_attendance_under_half_is_stalled():
    quiet = InvestigationFactory()
    today = sessions(quiet)[4].date
    WeeklyLogFactory(investigation=quiet, week=1, submitted=True)
    WeeklyLogFactory(investigation=quiet, week=2, submitted=True)

    absent = InvestigationFactory()
    for week in range(1, 5):
        WeeklyLogFactory(investigation=absent, week=week, submitted=True)
    attend(absent, ["absent", "absent", "present", "excused"])

    assert progress(quiet, today).status == Progress.STALLED
    assert progress(quiet, today).reasons == ("2 semaines sans journal",)
    result = progress(absent, sessions(absent)[4].date)
    assert result.status == Progress.STALLED
    assert result.attendance_present == 2 and result.attendance_recorded == 8
    assert "présence aux séances sous la moitié" in result.explanation


def test_progress_of_a_whole_list_is_one_query(django_assert_num_queries):
    for _ in range(3):
        investigation = InvestigationFactory()
        WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    today = timezone.localdate()

    with django_assert_num_queries(1):
        rows = list(with_progress(Investigation.objects.select_related("programme"), today))

    assert len(rows) == 3
    assert all(row.logs_submitted == 1 for row in rows)
