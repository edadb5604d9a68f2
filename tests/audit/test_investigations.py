"""The investigation phase in the audit trail: logs, hypotheses, follow-up, outcome."""

import datetime

import pytest
from django.utils import timezone

from incubateur.audit.models import AuditEvent
from incubateur.concurrency import ConcurrentEditError
from investigations.models import CommitteeReview, Conclusion
from investigations.services import (
    attendance_set,
    comment_post,
    committee_save,
    conclusion_save,
    help_mark_handled,
    hypothesis_add,
    hypothesis_update,
    log_for_week,
    log_reopen,
    log_save,
    milestone_mark,
)
from programmes.models import Programme, TransitionError
from tests.audit.events import one_event, recorded
from tests.factories import UserFactory
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)


@pytest.fixture
def investigation():
    return InvestigationFactory()


@pytest.fixture
def programme(investigation):
    return investigation.programme


@pytest.fixture
def member(investigation):
    return investigation.team.order_by("pk").first()


@pytest.fixture
def coach(programme):
    return programme.coach


def this_week(investigation) -> int:
    return investigation.current_week(investigation.sessions.order_by("week"))


class TestLogs:
    def test_submitting_a_log_is_recorded_with_the_fields_changed(
        self, investigation, programme, member
    ):
        log = log_for_week(investigation=investigation, week=this_week(investigation))
        log.key_learnings = "Un rendez-vous sur quatre n’est pas honoré."
        log_save(log=log, submit=False, by=member)
        log.hours_spent = 6
        log.key_learnings = "Un rendez-vous sur trois n’est pas honoré."

        log_save(log=log, submit=True, by=member, expected_version=1)

        first, second = AuditEvent.objects.order_by("pk")
        assert recorded(first) == (member, "log.saved", log, programme)
        assert first.changes == {"fields": [], "submitted": False}
        assert recorded(second) == (member, "log.saved", log, programme)
        assert second.changes == {"fields": ["hours_spent", "key_learnings"], "submitted": True}

    def test_someone_outside_the_team_writing_a_log_leaves_no_event(self, investigation, coach):
        log = log_for_week(investigation=investigation, week=this_week(investigation))

        with pytest.raises(TransitionError):
            log_save(log=log, submit=True, by=coach)

        assert not AuditEvent.objects.exists()

    def test_a_concurrent_edit_of_a_log_leaves_no_event(self, investigation, member):
        log = WeeklyLogFactory(investigation=investigation, week=this_week(investigation))

        with pytest.raises(ConcurrentEditError):
            log_save(log=log, submit=True, by=member, expected_version=0)

        assert not AuditEvent.objects.exists()

    def test_reopening_records_until_when(self, investigation, programme, coach):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        today = timezone.localdate()

        log_reopen(log=log, by=coach, today=today)

        event = one_event()
        assert recorded(event) == (coach, "log.reopened", log, programme)
        assert event.changes == {"reopened_until": str(today + datetime.timedelta(days=7))}

    def test_a_help_request_handled_is_recorded_once(self, investigation, programme, coach):
        log = WeeklyLogFactory(
            investigation=investigation, week=1, submitted=True, help_request="Un contact ?"
        )

        help_mark_handled(log=log, by=coach)
        with pytest.raises(TransitionError):
            help_mark_handled(log=log, by=coach)

        assert recorded(one_event()) == (coach, "log.help_handled", log, programme)


class TestHypotheses:
    def test_adding_records_the_status(self, investigation, programme, member):
        hypothesis = hypothesis_add(
            investigation=investigation, statement="Les rappels SMS suffisent", by=member
        )

        event = one_event()
        assert recorded(event) == (member, "hypothesis.added", hypothesis, programme)
        assert event.changes == {"status": "to_test"}
        assert "SMS" not in event.target_label

    def test_updating_records_both_statuses(self, investigation, programme, member):
        hypothesis = HypothesisFactory(investigation=investigation)

        hypothesis_update(
            hypothesis=hypothesis,
            status="validated",
            evidence="Deux services sur trois",
            by=member,
            expected_version=1,
        )

        event = one_event()
        assert recorded(event) == (member, "hypothesis.updated", hypothesis, programme)
        assert event.changes == {
            "status": ["to_test", "validated"],
            "fields": ["status", "evidence"],
        }

    def test_a_concurrent_update_leaves_no_event(self, investigation, member):
        hypothesis = HypothesisFactory(investigation=investigation)

        with pytest.raises(ConcurrentEditError):
            hypothesis_update(
                hypothesis=hypothesis,
                status="validated",
                evidence="",
                by=member,
                expected_version=0,
            )

        assert not AuditEvent.objects.exists()


class TestFollowUp:
    def test_a_comment_records_its_visibility_not_its_text(self, investigation, programme, coach):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)

        comment = comment_post(
            investigation=investigation, log=log, body="Très clair", by=coach, visibility="anct"
        )

        event = one_event()
        assert recorded(event) == (coach, "comment.posted", comment, programme)
        assert event.changes == {"visibility": "anct", "log": log.pk, "reply_to": None}
        assert "Très clair" not in event.target_label

    def test_attendance_records_the_week_the_person_and_the_status(
        self, investigation, programme, member, coach
    ):
        session = investigation.sessions.get(week=1)

        attendance = attendance_set(session=session, user=member, status="excused", by=coach)

        event = one_event()
        assert recorded(event) == (coach, "attendance.set", attendance, programme)
        assert event.changes == {"week": 1, "user": member.pk, "status": "excused"}

    def test_attendance_for_someone_outside_the_team_leaves_no_event(self, investigation, coach):
        with pytest.raises(TransitionError):
            attendance_set(
                session=investigation.sessions.get(week=1),
                user=UserFactory(),
                status="present",
                by=coach,
            )

        assert not AuditEvent.objects.exists()

    def test_a_milestone_marked_done_is_recorded(self, investigation, programme, coach):
        milestone = investigation.milestones.get(kind="mid_point")
        today = timezone.localdate()

        milestone_mark(
            milestone=milestone, done_on=today, note="Bien préparé", by=coach, expected_version=1
        )

        event = one_event()
        assert recorded(event) == (coach, "milestone.marked", milestone, programme)
        assert event.changes == {
            "kind": "mid_point",
            "done_on": str(today),
            "fields": ["done_on", "note", "done_by"],
        }


class TestOutcome:
    def test_the_committee_grid_records_its_decision(self, investigation, programme, coach):
        review = CommitteeReview(investigation=investigation, problem_score=4, decision="pivot")

        committee_save(review=review, by=coach)
        review.decision = "build"
        committee_save(review=review, by=coach, expected_version=1)

        # The decision also completed the committee's milestone (its own event).
        first, second = AuditEvent.objects.filter(action="committee.saved").order_by("pk")
        assert recorded(first) == (coach, "committee.saved", review, programme)
        assert first.changes == {"decision": "pivot", "fields": []}
        assert second.changes == {"decision": "build", "fields": ["decision"]}

    def test_the_conclusion_records_its_verdict(self, investigation, programme, member):
        conclusion = Conclusion(
            investigation=investigation,
            problem_confirmed="partly",
            summary="Réel, mais moins qu’attendu.",
            recommendation="change_organisation",
        )

        conclusion_save(conclusion=conclusion, by=member)

        # The conclusion also completed the restitution milestone (its own event).
        event = one_event(action="conclusion.saved")
        assert recorded(event) == (member, "conclusion.saved", conclusion, programme)
        assert event.changes == {
            "problem_confirmed": "partly",
            "recommendation": "change_organisation",
            "fields": [],
        }

    def test_the_conclusion_of_a_closed_programme_leaves_no_event(self, investigation, member):
        Programme.objects.filter(pk=investigation.programme_id).update(status="closed")
        investigation.programme.refresh_from_db()
        conclusion = Conclusion(
            investigation=investigation,
            problem_confirmed="yes",
            summary="Trop tard.",
            recommendation="stop",
        )

        with pytest.raises(TransitionError):
            conclusion_save(conclusion=conclusion, by=member)

        assert not AuditEvent.objects.exists()
