"""A person who has done a bit of everything, to export and to anonymise."""

from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType

from incubateur.notifications.models import EmailPreference, Notification
from investigations.models import (
    Attendance,
    Conclusion,
    HypothesisChange,
    LogFigure,
)
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.investigations.factories import (
    CommentFactory,
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import InvitationFactory, MembershipFactory, ProgrammeFactory


@dataclass
class Contributions:
    programme: object
    investigation: object
    submission: object
    teammate: object


def contribute(user, *, label: str = "") -> Contributions:
    """`user` takes part in a new programme of a new collectivité: a member invited by a
    referent, they submit a problem, volunteer, review, join an investigation, write a log
    (with a figure), a hypothesis and its change, a comment, the conclusion, and get their
    attendance recorded and a notification. `label` marks their free texts."""
    programme = ProgrammeFactory(investigation=True)
    collectivity = programme.collectivities.get()
    MembershipFactory(user=user, collectivity=collectivity)
    InvitationFactory(email=user.email, collectivity=collectivity, accepted=True)
    InvitationFactory(invited_by=user, collectivity=collectivity)
    submission = ProblemSubmissionFactory(
        programme=programme, author=user, submitted=True, problem=f"Problème écrit {label}"
    )
    CandidacyFactory(
        programme=programme,
        agent=user,
        motivation=f"Motivation {label}",
        preferred_problems=[submission],
    )
    SelectionReviewFactory(submission=submission, reviewer=user, comment=f"Évaluation {label}")
    teammate = UserFactory()
    investigation = InvestigationFactory(programme=programme, members=[user, teammate])
    log = WeeklyLogFactory(
        investigation=investigation,
        week=1,
        submitted=True,
        authors=[user],
        key_learnings=f"Apprentissage {label}",
    )
    LogFigure.objects.create(log=log, figure=f"32 % {label}", source="agenda 2025")
    hypothesis = HypothesisFactory(
        investigation=investigation, created_by=user, statement=f"Hypothèse {label}"
    )
    HypothesisChange.objects.create(hypothesis=hypothesis, week=1, to_status="to_test", author=user)
    CommentFactory(investigation=investigation, log=log, author=user, body=f"Commentaire {label}")
    conclusion = Conclusion.objects.create(
        investigation=investigation,
        problem_confirmed=Conclusion.Confirmed.YES,
        summary=f"Conclusion {label}",
        recommendation=Conclusion.Recommendation.STOP,
    )
    conclusion.authors.add(user)
    Attendance.objects.create(
        session=log.session, user=user, status=Attendance.Status.PRESENT, recorded_by=teammate
    )
    Notification.objects.create(
        kind="submission_receipt",
        recipient=user,
        content_type=ContentType.objects.get_for_model(submission),
        object_id=submission.pk,
    )
    EmailPreference.set_digest(user, False)
    return Contributions(programme, investigation, submission, teammate)


@pytest.fixture
def person():
    return UserFactory(
        first_name="Camille", last_name="Lefèvre-Quintanar", email="camille@lehavre.fr"
    )
