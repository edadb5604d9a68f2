"""Factories for the investigation phase.

investigation = InvestigationFactory()            # programme in investigation, 2 intrapreneurs,
                                                  # its weekly sessions and milestones
investigation = InvestigationFactory(members__size=1, programme=programme)
log = WeeklyLogFactory(investigation=investigation, week=2, submitted=True)
"""

import factory
from django.utils import timezone

from investigations.models import (
    Comment,
    Fiche,
    Hypothesis,
    Investigation,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)
from investigations.services import milestones_create
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.programmes.factories import ProgrammeFactory


class InvestigationFactory(factory.django.DjangoModelFactory):
    """An investigation whose programme started about a month ago (week 5 of 10 today),
    with its team, its weekly sessions (programme.session_dates()) and its milestones."""

    class Meta:
        model = Investigation
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory, investigation=True)
    submission = factory.LazyAttribute(
        lambda o: ProblemSubmissionFactory(programme=o.programme, selected=True)
    )

    @factory.post_generation
    def calendar(self, create, extracted, **kwargs):
        if not create:
            return
        WeeklySession.objects.bulk_create(
            WeeklySession(investigation=self, week=week, date=date)
            for week, date in enumerate(self.programme.session_dates(), start=1)
        )
        milestones_create(investigation=self)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """`members=[user, …]` sets the team; otherwise `members__size` (2) new agents."""
        if not create:
            return
        if extracted is None:
            size = kwargs.get("size", 2)
            extracted = [CandidacyFactory(programme=self.programme).agent for _ in range(size)]
        for user in extracted:
            TeamMembership.objects.create(investigation=self, user=user)


def session_of(investigation, week):
    return investigation.sessions.get(week=week)


class WeeklyLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyLog
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            status=WeeklyLog.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )

    investigation = factory.SubFactory(InvestigationFactory)
    week = 1
    session = factory.LazyAttribute(lambda o: session_of(o.investigation, o.week))
    hours_spent = 7
    activities = factory.Faker("paragraph", locale="fr_FR")
    usagers_met = 3
    agents_met = 2
    partners_met = 1
    key_learnings = factory.Faker("paragraph", locale="fr_FR")
    next_steps = factory.Faker("sentence", locale="fr_FR")

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            self.authors.set(extracted or self.investigation.team.order_by("pk")[:1])


class HypothesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hypothesis

    investigation = factory.SubFactory(InvestigationFactory)
    statement = factory.Sequence(lambda n: f"Hypothèse {n} : les usagers oublient le rendez-vous")


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    class Params:
        private = factory.Trait(visibility=Comment.Visibility.ANCT)

    investigation = factory.SubFactory(InvestigationFactory)
    author = factory.LazyAttribute(lambda o: o.investigation.programme.coach)
    body = factory.Faker("sentence", locale="fr_FR")
    visibility = Comment.Visibility.TEAM


class FicheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fiche

    investigation = factory.SubFactory(InvestigationFactory)
    title = factory.LazyAttribute(lambda fiche: fiche.investigation.submission.title)
    problem_statement = "Un rendez-vous sur trois n’est pas honoré au CCAS."
    causes = "Les convocations arrivent tard."
    actionable_problem = "Réel, majeur et actionnable en douze semaines."
    hypotheses = "- Un rappel par SMS réduit les absences."
    expected_impact = "Moitié moins de rendez-vous manqués."
    sponsor = factory.LazyAttribute(lambda fiche: fiche.investigation.submission.collectivity)
    sponsor_service = "Centre communal d’action sociale"

    class Params:
        published = factory.Trait(
            slug=factory.Sequence(lambda n: f"probleme-public-{n}"),
            published_at=factory.LazyFunction(timezone.now),
        )
