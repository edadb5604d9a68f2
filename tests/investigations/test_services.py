import datetime

import pytest
from django.core import mail
from django.utils import timezone

from incubateur.concurrency import ConcurrentEditError
from investigations.models import (
    Comment,
    CommitteeReview,
    Conclusion,
    HypothesisChange,
    Milestone,
    WeeklyLog,
)
from investigations.phase import programme_close
from investigations.services import (
    attendance_set,
    comment_post,
    hypothesis_add,
    hypothesis_update,
    log_for_week,
    log_reopen,
    log_save,
)
from programmes.models import Programme, TransitionError
from tests.factories import UserFactory
from tests.investigations.factories import WeeklyLogFactory


def member(investigation):
    return investigation.team.order_by("pk").first()


def this_week(investigation) -> int:
    """The current week: its log is neither future nor locked."""
    return investigation.current_week(investigation.sessions.order_by("week"))


def test_the_current_week_follows_the_session_dates(investigation):
    sessions = list(investigation.sessions.order_by("week"))

    assert investigation.current_week(sessions, sessions[0].date - datetime.timedelta(1)) == 0
    assert investigation.current_week(sessions, sessions[0].date) == 1
    assert investigation.current_week(sessions, sessions[2].date + datetime.timedelta(3)) == 3
    assert investigation.current_week(sessions, sessions[-1].date + datetime.timedelta(30)) == 10


def test_milestones_are_dated_by_programme_week(investigation):
    due = dict(investigation.milestones.values_list("kind", "due_week"))

    assert due == {
        Milestone.Kind.PUBLIC_PAGE: 3,
        Milestone.Kind.MID_POINT: 4,
        Milestone.Kind.REHEARSAL: 8,
        Milestone.Kind.COMMITTEE: 9,
        Milestone.Kind.RESTITUTION: 10,
    }


class TestLogs:
    def test_a_team_member_writes_then_submits_the_week(self, investigation):
        log = log_for_week(investigation=investigation, week=this_week(investigation))
        log.key_learnings = "Un tiers des rendez-vous ne sont pas honorés."

        log_save(log=log, submit=False, by=member(investigation))
        log_save(log=log, submit=True, by=member(investigation), expected_version=1)

        log.refresh_from_db()
        assert log.status == WeeklyLog.Status.SUBMITTED
        assert log.submitted_at is not None
        assert list(log.authors.all()) == [member(investigation)]

    def test_every_member_who_saves_is_an_author(self, investigation):
        first, second = investigation.team.order_by("pk")
        log = log_for_week(investigation=investigation, week=this_week(investigation))
        log_save(log=log, submit=False, by=first)
        log_save(log=log, submit=False, by=second, expected_version=1)

        assert set(log.authors.all()) == {first, second}

    def test_people_outside_the_team_cannot_write(self, investigation):
        log = log_for_week(investigation=investigation, week=1)

        for outsider in (investigation.programme.coach, UserFactory()):
            with pytest.raises(TransitionError, match="intrapreneurs de l’équipe"):
                log_save(log=log, submit=False, by=outsider)

    def test_a_future_week_cannot_be_written(self, investigation):
        log = log_for_week(investigation=investigation, week=10)

        with pytest.raises(TransitionError, match="pas encore commencé"):
            log_save(log=log, submit=False, by=member(investigation))

    def test_a_log_locks_after_the_following_week_until_a_coach_reopens_it(
        self, investigation, django_capture_on_commit_callbacks
    ):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        deadline = log.session.log_deadline
        assert deadline.weekday() == 6  # a Sunday
        assert 7 <= (deadline - log.session.date).days <= 13
        assert not log.is_locked(deadline)
        assert log.is_locked(deadline + datetime.timedelta(days=1))

        with pytest.raises(TransitionError, match="verrouillé"):
            log_save(log=log, submit=True, by=member(investigation), expected_version=1)

        with django_capture_on_commit_callbacks(execute=True):
            log_reopen(log=log, by=investigation.programme.coach)
        assert not log.is_locked()
        log_save(log=log, submit=True, by=member(investigation), expected_version=1)
        assert mail.outbox[0].to == [member(investigation).email]
        assert "rouvert" in mail.outbox[0].subject

    def test_concurrent_edits_are_reported(self, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=this_week(investigation))
        other_tab = WeeklyLog.objects.get(pk=log.pk)
        log.key_learnings = "Version A"
        log_save(log=log, submit=False, by=member(investigation), expected_version=1)

        other_tab.key_learnings = "Version B"
        with pytest.raises(ConcurrentEditError):
            log_save(log=other_tab, submit=False, by=member(investigation), expected_version=1)

        assert WeeklyLog.objects.get(pk=log.pk).key_learnings == "Version A"

    def test_a_help_request_reaches_the_coach_and_the_designer(
        self, investigation, django_capture_on_commit_callbacks
    ):
        log = log_for_week(investigation=investigation, week=this_week(investigation))
        log.help_request = "Nous n’avons pas accès aux statistiques du logiciel d’agenda."

        with django_capture_on_commit_callbacks(execute=True):
            log_save(log=log, submit=True, by=member(investigation))

        programme = investigation.programme
        assert sorted(email.to for email in mail.outbox) == sorted(
            [[programme.coach.email], [programme.designer.email]]
        )
        assert all("logiciel d’agenda" in email.body for email in mail.outbox)


class TestHypotheses:
    def test_each_status_change_is_kept_with_its_week_and_author(self, investigation):
        author = member(investigation)
        hypothesis = hypothesis_add(
            investigation=investigation, statement="Les usagers oublient", by=author
        )
        hypothesis_update(
            hypothesis=hypothesis,
            status="validated",
            evidence="SMS de rappel : −40 % d’absences",
            by=author,
            expected_version=1,
        )
        hypothesis_update(
            hypothesis=hypothesis,
            status="validated",
            evidence="Confirmé par l’agenda",
            by=author,
            expected_version=2,
        )

        changes = list(HypothesisChange.objects.filter(hypothesis=hypothesis))
        assert [(c.from_status, c.to_status) for c in changes] == [
            ("", "to_test"),
            ("to_test", "validated"),
        ]
        sessions = list(investigation.sessions.order_by("week"))
        assert changes[1].week == investigation.current_week(sessions)
        assert changes[1].author == author


class TestFollowUp:
    def test_a_visible_comment_emails_the_team_but_a_private_one_nobody(
        self, investigation, django_capture_on_commit_callbacks
    ):
        coach = investigation.programme.coach
        with django_capture_on_commit_callbacks(execute=True):
            comment_post(investigation=investigation, body="Bravo", by=coach, visibility="team")
            comment_post(
                investigation=investigation, body="Équipe fragile", by=coach, visibility="anct"
            )

        assert sorted(email.to for email in mail.outbox) == sorted(
            [user.email] for user in investigation.team.all()
        )
        assert all("Bravo" in email.body for email in mail.outbox)
        assert all("fragile" not in message.body for message in mail.outbox)

    def test_attendance_is_for_team_members_and_recorded_once_per_session(self, investigation):
        session = investigation.sessions.get(week=1)
        coach = investigation.programme.coach

        attendance_set(session=session, user=member(investigation), status="absent", by=coach)
        attendance_set(session=session, user=member(investigation), status="excused", by=coach)

        assert session.attendances.get().status == "excused"
        with pytest.raises(TransitionError):
            attendance_set(session=session, user=UserFactory(), status="present", by=coach)


class TestClosing:
    def test_a_programme_closes_only_when_each_investigation_has_its_outcome(self, investigation):
        programme = investigation.programme
        after_the_end = programme.session_dates()[-1] + datetime.timedelta(days=1)

        with pytest.raises(TransitionError, match="conclusion"):
            programme_close(programme=programme, by=None, today=after_the_end)

        Conclusion.objects.create(
            investigation=investigation,
            problem_confirmed="yes",
            summary="Le problème est réel.",
            recommendation="build_digital",
        )
        review = CommitteeReview.objects.create(investigation=investigation)
        with pytest.raises(TransitionError, match="décision du comité"):
            programme_close(programme=programme, by=None, today=after_the_end)

        review.decision = CommitteeReview.Decision.BUILD
        review.save()
        programme_close(programme=programme, by=None, today=after_the_end)
        programme.refresh_from_db()
        assert programme.status == Programme.Status.CLOSED

    def test_closing_locks_everything_but_comments(self, investigation):
        Programme.objects.filter(pk=investigation.programme_id).update(
            status=Programme.Status.CLOSED
        )
        investigation.refresh_from_db()
        log = log_for_week(investigation=investigation, week=1)

        with pytest.raises(TransitionError, match="phase d’investigation"):
            log_save(log=log, submit=False, by=member(investigation))
        with pytest.raises(TransitionError, match="phase d’investigation"):
            hypothesis_add(investigation=investigation, statement="x", by=member(investigation))

        comment = comment_post(
            investigation=investigation,
            body="Merci pour ce travail",
            by=investigation.programme.coach,
            visibility="team",
        )
        assert Comment.objects.get() == comment


def test_logs_of_late_weeks_can_still_be_filled(investigation):
    today = timezone.localdate()
    late_week = investigation.sessions.filter(date__lt=today - datetime.timedelta(days=14))
    session = late_week.order_by("week").first()
    log = log_for_week(investigation=investigation, week=session.week)
    assert log.is_locked() is False or log.pk is None

    log_save(log=log, submit=True, by=member(investigation))

    assert WeeklyLog.objects.get(pk=log.pk).is_submitted
