"""Demo data of the investigation phase: eight weeks of logs, hypotheses that move between
statuses, attendance, comments, milestones, one late team, and for two investigations the
investment committee and the conclusion."""

import datetime
import random

from django.utils import timezone

from investigations.models import (
    Attendance,
    Comment,
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    Hypothesis,
    HypothesisChange,
    LogFigure,
    Milestone,
    Proposal,
    WeeklyLog,
)
from investigations.models.outcome import COMMITTEE_CRITERIA
from investigations.services import milestone_complete

WEEKS_WRITTEN = 8
# The team of this problem stopped writing after week 5: it shows as late.
LATE_TITLE = "Signalements de voirie traités plusieurs fois"
CONCLUDED_TITLES = {
    "Rendez-vous non honorés dans les services sociaux",
    "Non-recours aux tarifs sociaux de la cantine",
}

ACTIVITIES = [
    "Observation de l’accueil pendant une matinée et entretiens avec deux agents.",
    "Entretiens avec quatre usagers dans la salle d’attente.",
    "Extraction et lecture des données du logiciel métier sur un an.",
    "Atelier avec l’équipe pour cartographier le parcours de l’usager.",
    "Rencontre avec un service d’une autre collectivité qui a traité le même problème.",
    "Test d’un rappel par SMS auprès de vingt usagers volontaires.",
    "Restitution intermédiaire à la direction et recueil de ses questions.",
    "Consolidation des chiffres et préparation du comité d’investissement.",
]
LEARNINGS = [
    "Le problème est connu de tous mais personne ne l’avait mesuré.",
    "Les usagers ne comprennent pas toujours le courrier qui les convoque.",
    "Un tiers des cas viennent du même quartier, mal desservi le matin.",
    "Les agents ont chacun leur contournement, jamais partagé.",
    "Le coût pour le service est plus élevé que prévu : des créneaux perdus chaque jour.",
    "Une solution simple existe ailleurs : un rappel la veille.",
    "La direction est prête à changer l’organisation si les chiffres tiennent.",
    "Nous avons assez d’éléments pour recommander une suite.",
]
HYPOTHESES = [
    ("Les usagers oublient simplement la date du rendez-vous.", "validated", 3),
    ("Les horaires proposés ne conviennent pas aux personnes qui travaillent.", "invalidated", 5),
    ("Le courrier de convocation est mal compris.", "validated", 6),
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _logs(investigation, sessions, rng, last_week):
    for session in sessions:
        if session.week > last_week:
            break
        index = session.week - 1
        log = WeeklyLog.objects.create(
            investigation=investigation,
            session=session,
            week=session.week,
            status=WeeklyLog.Status.SUBMITTED,
            submitted_at=_at(session.date, 17),
            hours_spent=rng.choice([6, 7, 7.5, 8]),
            activities=ACTIVITIES[index],
            usagers_met=rng.randint(0, 6),
            agents_met=rng.randint(1, 4),
            partners_met=rng.randint(0, 2),
            key_learnings=LEARNINGS[index],
            blockers="Accès aux données du logiciel à obtenir." if session.week == 2 else "",
            help_request=(
                "Pouvez-vous nous aider à obtenir l’extraction du logiciel ?"
                if session.week == 2
                else ""
            ),
            help_handled_at=_at(session.date + datetime.timedelta(days=2), 10)
            if session.week == 2
            else None,
            next_steps="Poursuivre les entretiens et consolider les chiffres.",
        )
        log.authors.set(investigation.team.all())
        if session.week in (3, 7):
            LogFigure.objects.create(
                log=log,
                figure=f"{rng.randint(18, 35)} % des rendez-vous concernés sur un mois",
                source="Extraction du logiciel métier, octobre 2026",
            )
        if session.week in (2, 5):
            Comment.objects.create(
                investigation=investigation,
                log=log,
                author=investigation.programme.coach,
                body="Bonne semaine ! Pensez à noter d’où vient chaque chiffre.",
            )


def _hypotheses(investigation, sessions, first_author):
    for statement, outcome, decided_week in HYPOTHESES:
        hypothesis = Hypothesis.objects.create(
            investigation=investigation,
            statement=statement,
            status=outcome,
            evidence="Entretiens avec les usagers et données du logiciel.",
            created_by=first_author,
        )
        HypothesisChange.objects.create(
            hypothesis=hypothesis, week=1, to_status="to_test", author=first_author
        )
        HypothesisChange.objects.create(
            hypothesis=hypothesis,
            week=decided_week,
            from_status="to_test",
            to_status=outcome,
            evidence=hypothesis.evidence,
            author=first_author,
        )
    still_open = Hypothesis.objects.create(
        investigation=investigation,
        statement="Un rappel la veille réduirait fortement les absences.",
        created_by=first_author,
    )
    HypothesisChange.objects.create(
        hypothesis=still_open, week=6, to_status="to_test", author=first_author
    )


def _attendance(investigation, sessions, rng, last_week):
    coach = investigation.programme.coach
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            user=user,
            status=rng.choices(["present", "absent", "excused"], weights=[8, 1, 1])[0],
            recorded_by=coach,
        )
        for session in sessions
        if session.week <= last_week
        for user in investigation.team.all()
    )


def _outcome(investigation, sessions, first_author, today):
    programme = investigation.programme
    review = CommitteeReview.objects.create(
        investigation=investigation,
        decision=CommitteeReview.Decision.BUILD,
        decision_notes="Un problème réel, mesuré, avec une équipe motivée.",
        decided_on=sessions[8].date,
        updated_by=programme.coach,
    )
    for name, _label in COMMITTEE_CRITERIA:
        setattr(review, f"{name}_score", 4)
        setattr(review, f"{name}_comment", "Solide, à confirmer pendant la construction.")
    review.save()
    conclusion = Conclusion.objects.create(
        investigation=investigation,
        problem_confirmed=Conclusion.Confirmed.YES,
        summary="Le problème est réel et fréquent ; il coûte chaque semaine des créneaux.",
        recommendation=Conclusion.Recommendation.BUILD_DIGITAL,
        next_steps="Construire un service de rappel avec l’Incubateur.",
    )
    conclusion.authors.add(first_author)
    ConclusionFigure.objects.create(
        conclusion=conclusion,
        figure="27 % de rendez-vous non honorés en 2026",
        source="Logiciel d’agenda du service",
    )
    Proposal.objects.create(
        conclusion=conclusion, description="Un rappel par SMS la veille", kind="digital"
    )
    Proposal.objects.create(
        conclusion=conclusion,
        description="Des créneaux en fin de journée pour les actifs",
        kind="organisational",
    )
    # As the services do: what the platform saw happen completes its milestone.
    milestone_complete(
        investigation=investigation,
        kind=Milestone.Kind.COMMITTEE,
        by=programme.coach,
        done_on=review.decided_on,
    )
    milestone_complete(
        investigation=investigation,
        kind=Milestone.Kind.RESTITUTION,
        by=first_author,
        done_on=today,
    )


def run_investigations(programme, today: datetime.date) -> None:
    for investigation in programme.investigations.select_related("submission", "programme"):
        rng = random.Random(investigation.submission.title)
        sessions = list(investigation.sessions.order_by("week"))
        current = investigation.current_week(sessions, today)
        title = investigation.submission.title
        last_week = min(WEEKS_WRITTEN, current)
        if title == LATE_TITLE:
            last_week = min(5, current)
        first_author = investigation.team.order_by("pk").first()
        _logs(investigation, sessions, rng, last_week)
        _hypotheses(investigation, sessions, first_author)
        _attendance(investigation, sessions, rng, min(WEEKS_WRITTEN, current))
        Comment.objects.create(
            investigation=investigation,
            author=programme.designer,
            body="Note interne : prévoir un point sur la méthode d’entretien.",
            visibility=Comment.Visibility.ANCT,
        )
        for milestone in investigation.milestones.filter(due_week__lt=current):
            milestone.done_on = sessions[milestone.due_week - 1].date
            milestone.note = "Réalisé lors de la séance hebdomadaire."
            milestone.done_by = programme.coach
            milestone.save()
        if title in CONCLUDED_TITLES:
            _outcome(investigation, sessions, first_author, today)
