"""Published and unpublished problems in collectivités of their own, for the search tests."""

from django.db import connection

from investigations.models import CommitteeReview
from programmes.models import Collectivity
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import FicheFactory, InvestigationFactory
from tests.programmes.factories import CollectivityFactory, ProgrammeFactory

NEUTRAL = "Texte sans rapport."


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def problem(
    title,
    *,
    statement=NEUTRAL,
    causes=NEUTRAL,
    published=True,
    collectivity=None,
    themes=(),
    decision="",
    kind=Collectivity.Kind.COMMUNE,
    departement="76",
):
    """An investigation in its own collectivité, with a fiche (published by default)."""
    collectivity = collectivity or CollectivityFactory(kind=kind, departement_code=departement)
    programme = ProgrammeFactory(investigation=True, collectivities=[collectivity])
    submission = ProblemSubmissionFactory(
        programme=programme,
        selected=True,
        title=title,
        problem=statement,
        affected_users=NEUTRAL,
        current_cost=NEUTRAL,
        evidence=NEUTRAL,
        current_handling=NEUTRAL,
    )
    investigation = InvestigationFactory(
        programme=programme, submission=submission, members__size=1
    )
    if themes:
        investigation.submission.themes.add(*themes)
    if decision:
        CommitteeReview.objects.create(investigation=investigation, decision=decision)
    return FicheFactory(
        investigation=investigation,
        title=title,
        problem_statement=statement,
        actionable_problem=NEUTRAL,
        causes=causes,
        hypotheses=NEUTRAL,
        expected_impact=NEUTRAL,
        published=published,
    )
