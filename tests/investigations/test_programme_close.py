"""Closing a programme: refused while an investigation lacks its outcome; afterwards every
write of the investigation phase is refused, but comments stay possible."""

import datetime

import pytest
from django.utils import timezone

from investigations.models import Comment, CommitteeReview, Conclusion
from investigations.phase import programme_close
from investigations.services import (
    attendance_set,
    comment_post,
    committee_save,
    conclusion_save,
    hypothesis_add,
    hypothesis_update,
    log_for_week,
    log_reopen,
    log_save,
    milestone_mark,
)
from programmes.models import Programme, TransitionError
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)


@pytest.fixture
def investigations():
    first = InvestigationFactory()
    return first, InvestigationFactory(programme=first.programme)


def member(investigation):
    return investigation.team.order_by("pk").first()


def after_the_last_session(programme):
    return programme.session_dates()[-1] + datetime.timedelta(days=1)


def decide(investigation, decision="build"):
    review = CommitteeReview(
        investigation=investigation, decision=decision, decided_on=timezone.localdate()
    )
    return committee_save(review=review, by=investigation.programme.coach)


def conclude(investigation):
    conclusion = Conclusion(
        investigation=investigation,
        problem_confirmed="yes",
        summary="Le problème est réel.",
        recommendation="build_digital",
    )
    return conclusion_save(conclusion=conclusion, by=member(investigation))


def test_closing_is_refused_until_each_investigation_has_a_conclusion_and_a_decision(
    investigations,
):
    first, second = investigations
    programme = first.programme
    today = after_the_last_session(programme)

    with pytest.raises(TransitionError, match="conclusion ou de décision du comité") as refusal:
        programme_close(programme=programme, by=programme.coach, today=today)
    assert str(first) in str(refusal.value) and str(second) in str(refusal.value)

    decide(first)
    conclude(first)
    conclude(second)
    with pytest.raises(TransitionError) as refusal:
        programme_close(programme=programme, by=programme.coach, today=today)
    assert str(second) in str(refusal.value) and str(first) not in str(refusal.value)

    # A grid without a decision does not count (an abandon needs its post-mortem too:
    # tests/investigations/test_next_step.py).
    review = committee_save(
        review=CommitteeReview(investigation=second, problem_score=4), by=programme.coach
    )
    with pytest.raises(TransitionError):
        programme_close(programme=programme, by=programme.coach, today=today)

    review.decision = CommitteeReview.Decision.CONTINUE_OUTSIDE
    committee_save(review=review, by=programme.coach, expected_version=1)
    programme_close(programme=programme, by=programme.coach, today=today)

    programme.refresh_from_db()
    assert programme.status == Programme.Status.CLOSED


def test_after_closing_every_write_is_refused_but_comments_still_work(investigations):
    investigation, other = investigations
    programme = investigation.programme
    for each in investigations:
        decide(each)
        conclude(each)
    hypothesis = HypothesisFactory(investigation=investigation)
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    milestone = investigation.milestones.first()
    programme_close(
        programme=programme, by=programme.coach, today=after_the_last_session(programme)
    )
    investigation.refresh_from_db()
    author = member(investigation)
    coach = programme.coach

    writes = {
        "hypothesis_add": lambda: hypothesis_add(
            investigation=investigation, statement="Trop tard", by=author
        ),
        "hypothesis_update": lambda: hypothesis_update(
            hypothesis=hypothesis, status="validated", evidence="", by=author, expected_version=1
        ),
        "milestone_mark": lambda: milestone_mark(
            milestone=milestone,
            done_on=timezone.localdate(),
            note="",
            by=coach,
            expected_version=1,
        ),
        "committee_save": lambda: committee_save(
            review=investigation.committee_review, by=coach, expected_version=1
        ),
        "conclusion_save": lambda: conclusion_save(
            conclusion=investigation.conclusion, by=author, expected_version=1
        ),
        "log_save": lambda: log_save(
            log=log_for_week(investigation=investigation, week=2), submit=True, by=author
        ),
        "log_reopen": lambda: log_reopen(log=log, by=coach),
        "attendance_set": lambda: attendance_set(
            session=investigation.sessions.get(week=1), user=author, status="present", by=coach
        ),
    }
    accepted = []
    for name, write in writes.items():
        try:
            write()
        except TransitionError as error:
            assert "phase d’investigation" in str(error)
        else:
            accepted.append(name)
    assert accepted == []

    comment = comment_post(
        investigation=investigation, body="Bravo pour la restitution", by=coach, visibility="team"
    )
    assert Comment.objects.get() == comment
    hypothesis.refresh_from_db()
    milestone.refresh_from_db()
    assert (hypothesis.status, hypothesis.version, milestone.done_on) == ("to_test", 1, None)
