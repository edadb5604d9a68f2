"""Scale data for benchmarks: `seed_demo --scale N` adds N programmes of realistic size.

Each programme has its own collectivité, a referent and fourteen agents; investigated
programmes (most of them closed, as years pass) have twenty submissions reviewed by the
committee, twelve candidacies, six investigations of two intrapreneurs with twelve weekly
sessions, their logs, attendance, hypotheses, milestones and comments, and for closed ones
the committee's decision and the conclusion. A few programmes are at an earlier stage
(selection, call open, draft). The coaches and designers each follow about six programmes.

Programme `echelle-0000` is always under investigation (in its ninth week) and followed
by `coach-000@anct.gouv.fr`: the benchmark's pages look at the same objects at any scale.

Every table is filled with a few `bulk_create` calls whatever N (values precomputed,
no `save()`, no signal, no notification), so that N = 300 takes about a minute.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Subquery, Value
from django.utils import timezone

from demo import call as demo_call
from demo import investigations as demo_investigations
from demo.seed import DEMO_PASSWORD
from incubateur.accounts.models import User
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
from investigations.models import (
    Attendance,
    Comment,
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    Hypothesis,
    HypothesisChange,
    Investigation,
    LogFigure,
    Milestone,
    Proposal,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)
from investigations.models.outcome import COMMITTEE_CRITERIA
from programmes.models import (
    Collectivity,
    EmailDomain,
    Membership,
    Programme,
    ProgrammeTransition,
)

SLUG_PREFIX = "echelle-"
BENCH_COACH = "coach-000@anct.gouv.fr"
PROGRAMMES_PER_COACH = 6
AGENTS_PER_PROGRAMME = 14
VOLUNTEERS = 12  # the first agents volunteer; two per selected problem
WEEKS = 12
# Programme 0 started its investigation eight weeks ago, as the Le Havre demo.
FIRST_START_DAYS_AGO = 57
BATCH = 2000
DEPARTEMENTS = ["76", "14", "59", "69", "13", "33", "35", "44", "67", "2A", "971", "31"]
KINDS = Collectivity.Kind.values
Status = Programme.Status


class ScaleError(Exception):
    """Scale data of another size is already in the database; the message says what."""


def slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:04d}"


def domain(index: int) -> str:
    return f"echelle-{index:04d}.fr"


def siren(index: int) -> str:
    """A valid SIREN (Luhn checksum), distinct for each index."""
    base = f"29{index:06d}"
    for check in range(10):
        digits = [int(d) for d in base + str(check)]
        total = sum(
            (d * 2 - 9 if d * 2 > 9 else d * 2) if position % 2 else d
            for position, d in enumerate(digits)
        )
        if total % 10 == 0:
            return base + str(check)
    raise AssertionError("unreachable: one check digit always fits")


def status_of(index: int) -> str:
    """A few programmes at each early stage; the others by their dates."""
    if index and index % 50 == 1:
        return Status.SELECTION
    if index and index % 50 == 2:
        return Status.CALL_OPEN
    if index and index % 50 == 3:
        return Status.DRAFT
    return Status.INVESTIGATION


def dates_of(index: int, status: str, today: datetime.date) -> dict:
    day = datetime.timedelta(days=1)
    if status == Status.SELECTION:
        opens, closes, starts = today - 60 * day, today - 20 * day, today + 20 * day
    elif status == Status.CALL_OPEN:
        opens, closes, starts = today - 10 * day, today + 20 * day, today + 50 * day
    elif status == Status.DRAFT:
        opens, closes, starts = today + 30 * day, today + 60 * day, today + 90 * day
    else:
        # One programme a week, going back in time: N = 300 covers about six years.
        starts = today - (FIRST_START_DAYS_AGO + 7 * index) * day
        opens, closes = starts - 93 * day, starts - 53 * day
    return {"call_opens_on": opens, "call_closes_on": closes, "investigation_starts_on": starts}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Plan:
    """One programme being built, with what its later rows hang from."""

    index: int
    programme: Programme
    collectivity: Collectivity = None
    referent: User = None
    agents: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    candidacies: list = field(default_factory=list)
    investigations: list = field(default_factory=list)


def _create(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def _users(count: int, password_hash: str, plans_specs) -> tuple:
    """The coaches, designers and every collectivité's people: one insert per table."""
    coaches = [
        User(email=f"coach-{n:03d}@anct.gouv.fr", first_name="Coach", last_name=f"n°{n}")
        for n in range(count)
    ]
    designers = [
        User(email=f"designer-{n:03d}@anct.gouv.fr", first_name="Designer", last_name=f"n°{n}")
        for n in range(count)
    ]
    people = []
    for index in plans_specs:
        people.append(
            User(email=f"referent@{domain(index)}", first_name="Référent", last_name=f"{index}")
        )
        people.extend(
            User(
                email=f"agent{n:02d}@{domain(index)}",
                first_name=f"Agent {n}",
                last_name=f"Collectivité {index}",
            )
            for n in range(AGENTS_PER_PROGRAMME)
        )
    users = coaches + designers + people
    for user in users:
        user.password = password_hash
    _create(User, users)
    _create(
        EmailAddress,
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
    )
    return coaches, designers, people


def _programmes(plans_specs, coaches, designers, people, today) -> list[Plan]:
    collectivities = _create(
        Collectivity,
        [
            Collectivity(
                name=f"Collectivité n°{index}",
                kind=KINDS[index % len(KINDS)],
                siren=siren(index),
                departement_code=DEPARTEMENTS[index % len(DEPARTEMENTS)],
            )
            for index in plans_specs
        ],
    )
    _create(
        EmailDomain,
        [
            EmailDomain(collectivity=collectivity, domain=domain(index))
            for index, collectivity in zip(plans_specs, collectivities, strict=True)
        ],
    )
    plans = []
    per_programme = AGENTS_PER_PROGRAMME + 1
    for position, index in enumerate(plans_specs):
        status = status_of(index)
        team = people[position * per_programme : (position + 1) * per_programme]
        programme = Programme(
            slug=slug(index),
            name=f"Programme d’investigations n°{index}",
            weeks=WEEKS,
            weekday=Programme.Weekday.THURSDAY,
            target_problems=6,
            coach=coaches[index % len(coaches)],
            designer=designers[index % len(designers)],
            status=status,
            **dates_of(index, status, today),
        )
        if status == Status.INVESTIGATION:
            last_session = programme.session_dates()[-1]
            if last_session + datetime.timedelta(days=7) < today:
                programme.status = Status.CLOSED
        plans.append(
            Plan(
                index=index,
                programme=programme,
                collectivity=collectivities[position],
                referent=team[0],
                agents=team[1:],
            )
        )
    _create(Programme, [plan.programme for plan in plans])
    _create(
        Programme.collectivities.through,
        [
            Programme.collectivities.through(
                programme_id=plan.programme.pk, collectivity_id=plan.collectivity.pk
            )
            for plan in plans
        ],
    )
    _create(
        Membership,
        [
            Membership(
                user=user,
                collectivity=plan.collectivity,
                role=Membership.Role.REFERENT if user is plan.referent else Membership.Role.AGENT,
            )
            for plan in plans
            for user in [plan.referent, *plan.agents]
        ],
    )
    steps = Programme.ORDER
    _create(
        ProgrammeTransition,
        [
            ProgrammeTransition(
                programme=plan.programme, from_status=before, to_status=after, by=plan.referent
            )
            for plan in plans
            for before, after in zip(steps, steps[1:], strict=False)
            if steps.index(after) <= steps.index(plan.programme.status)
        ],
    )
    return plans


def _call(plans) -> None:
    """Submissions, the committee's reviews and the candidacies."""
    submissions, reviews, candidacies = [], [], []
    for plan in plans:
        programme = plan.programme
        if programme.status == Status.DRAFT:
            continue
        count = 10 if programme.status == Status.CALL_OPEN else len(demo_call.PROBLEMS)
        decided = programme.status in (Status.INVESTIGATION, Status.CLOSED)
        for number, (title, service, affected, selected) in enumerate(demo_call.PROBLEMS[:count]):
            if decided:
                status = (
                    ProblemSubmission.Status.SELECTED
                    if selected
                    else ProblemSubmission.Status.DECLINED
                )
            elif programme.status == Status.SELECTION:
                status = (
                    ProblemSubmission.Status.SHORTLISTED
                    if selected
                    else ProblemSubmission.Status.SUBMITTED
                )
            else:
                status = ProblemSubmission.Status.SUBMITTED
            plan.submissions.append(
                ProblemSubmission(
                    programme=programme,
                    collectivity=plan.collectivity,
                    author=plan.agents[number % len(plan.agents)],
                    title=title,
                    service=service,
                    affected_users=affected,
                    status=status,
                    submitted_at=_at(programme.call_opens_on + datetime.timedelta(days=number), 10),
                    **demo_call.problem_text(title, service),
                )
            )
        submissions.extend(plan.submissions)
        plan.candidacies = [
            Candidacy(
                programme=programme,
                agent=agent,
                motivation="Je vis ce problème chaque semaine et je veux mesurer son ampleur.",
                manager_name="Responsable de service",
                manager_email=f"responsable@{domain(plan.index)}",
                manager_agrees=True,
            )
            for agent in plan.agents[:VOLUNTEERS]
        ]
        candidacies.extend(plan.candidacies)
    _create(ProblemSubmission, submissions)
    _create(Candidacy, candidacies)
    for plan in plans:
        if plan.programme.status in (Status.DRAFT, Status.CALL_OPEN):
            continue
        committee = [plan.referent, plan.programme.coach, plan.programme.designer]
        for submission, (title, *_rest, selected) in zip(
            plan.submissions, demo_call.PROBLEMS, strict=True
        ):
            for reviewer in committee:
                scores = demo_call.scores_for(title, f"{plan.index}/{reviewer.email}", selected)
                average = Decimal(sum(scores.values())) / len(scores)
                reviews.append(
                    SelectionReview(
                        submission=submission,
                        reviewer=reviewer,
                        average=average.quantize(Decimal("0.01")),
                        comment="Problème bien décrit, à creuser avec les usagers."
                        if selected
                        else "",
                        **scores,
                    )
                )
    _create(SelectionReview, reviews)
    _assign_teams(plans)


def _selected(plan) -> list[ProblemSubmission]:
    return [
        submission
        for submission, problem in zip(plan.submissions, demo_call.PROBLEMS, strict=False)
        if problem[3]
    ]


def _assign_teams(plans) -> None:
    assigned, preferred = [], []
    Assigned = ProblemSubmission.intrapreneurs.through
    Preferred = Candidacy.preferred_problems.through
    for plan in plans:
        if plan.programme.status in (Status.DRAFT, Status.CALL_OPEN):
            continue
        for number, submission in enumerate(_selected(plan)):
            for candidacy in plan.candidacies[2 * number : 2 * number + 2]:
                assigned.append(Assigned(problemsubmission=submission, candidacy=candidacy))
                preferred.append(Preferred(candidacy=candidacy, problemsubmission=submission))
    _create(Assigned, assigned)
    _create(Preferred, preferred)


def _milestone(investigation, kind, due_week, today) -> Milestone:
    """Done at its week's session once that week is over (the demo's rule)."""
    milestone = Milestone(investigation=investigation, kind=kind, due_week=due_week)
    current = _current_week(investigation.session_list, today)
    closed = investigation.programme.status == Status.CLOSED
    if due_week < current or (closed and due_week <= current):
        milestone.done_on = investigation.session_list[due_week - 1].date
        milestone.note = "Réalisé lors de la séance hebdomadaire."
        milestone.done_by = investigation.programme.coach
    return milestone


def _investigations(plans, today) -> None:
    investigations, members, sessions, milestones = [], [], [], []
    for plan in plans:
        if plan.programme.status not in (Status.INVESTIGATION, Status.CLOSED):
            continue
        for number, submission in enumerate(_selected(plan)):
            investigation = Investigation(programme=plan.programme, submission=submission)
            investigation.team_candidacies = plan.candidacies[2 * number : 2 * number + 2]
            plan.investigations.append(investigation)
        investigations.extend(plan.investigations)
    _create(Investigation, investigations)
    for plan in plans:
        dates = plan.programme.session_dates() if plan.investigations else []
        for investigation in plan.investigations:
            members.extend(
                TeamMembership(
                    investigation=investigation,
                    programme=plan.programme,
                    user=c.agent,
                    candidacy=c,
                )
                for c in investigation.team_candidacies
            )
            investigation.session_list = [
                WeeklySession(investigation=investigation, week=week, date=date)
                for week, date in enumerate(dates, start=1)
            ]
            sessions.extend(investigation.session_list)
            investigation.milestone_list = [
                _milestone(investigation, kind, due or WEEKS, today)
                for kind, due in Milestone.DUE_WEEKS.items()
            ]
            milestones.extend(investigation.milestone_list)
    _create(TeamMembership, members)
    _create(WeeklySession, sessions)
    _create(Milestone, milestones)


def _current_week(sessions, today) -> int:
    return max([session.week for session in sessions if session.date <= today], default=0)


def _follow_up(plans, today) -> None:
    """Logs and what hangs from them, attendance, hypotheses, comments, milestones done."""
    logs, attendance, hypotheses = [], [], []
    for plan in plans:
        coach = plan.programme.coach
        for number, investigation in enumerate(plan.investigations):
            rng = random.Random(f"{plan.index}/{number}")
            team = [c.agent for c in investigation.team_candidacies]
            current = _current_week(investigation.session_list, today)
            # The fourth team of each programme stopped writing three weeks early.
            last_week = current - 3 if number == 3 else current
            investigation.log_list = []
            for session in investigation.session_list:
                if session.week > current:
                    break
                attendance.extend(
                    Attendance(
                        session=session,
                        user=user,
                        status=rng.choices(["present", "absent", "excused"], weights=[8, 1, 1])[0],
                        recorded_by=coach,
                    )
                    for user in team
                )
                if session.week > last_week:
                    continue
                index = (session.week - 1) % len(demo_investigations.ACTIVITIES)
                helped = session.week == 2
                investigation.log_list.append(
                    WeeklyLog(
                        investigation=investigation,
                        session=session,
                        week=session.week,
                        status=WeeklyLog.Status.SUBMITTED,
                        submitted_at=_at(session.date, 17),
                        hours_spent=Decimal(rng.choice(["6", "7", "7.5", "8"])),
                        activities=demo_investigations.ACTIVITIES[index],
                        usagers_met=rng.randint(0, 6),
                        agents_met=rng.randint(1, 4),
                        partners_met=rng.randint(0, 2),
                        key_learnings=demo_investigations.LEARNINGS[index],
                        blockers="Accès aux données du logiciel à obtenir." if helped else "",
                        help_request="Pouvez-vous nous aider à obtenir l’extraction ?"
                        if helped
                        else "",
                        help_handled_at=_at(session.date + datetime.timedelta(days=2), 10)
                        if helped
                        else None,
                        next_steps="Poursuivre les entretiens et consolider les chiffres.",
                    )
                )
            logs.extend(investigation.log_list)
            investigation.hypothesis_list = [
                Hypothesis(
                    investigation=investigation,
                    statement=statement,
                    status=outcome if current >= decided_week else Hypothesis.Status.TO_TEST,
                    evidence="Entretiens avec les usagers et données du logiciel.",
                    created_by=team[0],
                )
                for statement, outcome, decided_week in demo_investigations.HYPOTHESES
            ]
            hypotheses.extend(investigation.hypothesis_list)
    _create(WeeklyLog, logs)
    _create(Attendance, attendance)
    _create(Hypothesis, hypotheses)
    _log_details(plans, today)


def _log_details(plans, today) -> None:
    authors, figures, comments, changes = [], [], [], []
    Author = WeeklyLog.authors.through
    for plan in plans:
        programme = plan.programme
        for investigation in plan.investigations:
            team = [c.agent for c in investigation.team_candidacies]
            for log in investigation.log_list:
                authors.extend(Author(weeklylog=log, user=user) for user in team)
                if log.week in (3, 7):
                    figures.append(
                        LogFigure(
                            log=log,
                            figure=f"{18 + log.week * 2} % des rendez-vous concernés sur un mois",
                            source="Extraction du logiciel métier",
                        )
                    )
                if log.week in (2, 5):
                    comments.append(
                        Comment(
                            investigation=investigation,
                            log=log,
                            author=programme.coach,
                            body="Bonne semaine ! Pensez à noter d’où vient chaque chiffre.",
                        )
                    )
            comments.append(
                Comment(
                    investigation=investigation,
                    author=programme.designer,
                    body="Note interne : prévoir un point sur la méthode d’entretien.",
                    visibility=Comment.Visibility.ANCT,
                )
            )
            current = _current_week(investigation.session_list, today)
            for hypothesis, (_s, outcome, decided_week) in zip(
                investigation.hypothesis_list, demo_investigations.HYPOTHESES, strict=True
            ):
                changes.append(HypothesisChange(hypothesis=hypothesis, week=1, to_status="to_test"))
                if current >= decided_week:
                    changes.append(
                        HypothesisChange(
                            hypothesis=hypothesis,
                            week=decided_week,
                            from_status="to_test",
                            to_status=outcome,
                            evidence=hypothesis.evidence,
                            author=team[0],
                        )
                    )
    _create(Author, authors)
    _create(LogFigure, figures)
    _create(Comment, comments)
    _create(HypothesisChange, changes)
    # Comments answer their log a day after it was sent, not when the data was seeded.
    Comment.objects.filter(pk__in=[c.pk for c in comments if c.log_id]).update(
        created_at=ExpressionWrapper(
            Subquery(WeeklyLog.objects.filter(pk=OuterRef("log")).values("submitted_at")[:1])
            + Value(datetime.timedelta(days=1)),
            output_field=DateTimeField(),
        )
    )


def _outcomes(plans) -> None:
    """The committee's decision and the conclusion of every closed investigation."""
    reviews, conclusions = [], []
    decisions = CommitteeReview.Decision.values
    recommendations = Conclusion.Recommendation.values
    confirmations = Conclusion.Confirmed.values
    for plan in plans:
        if plan.programme.status != Status.CLOSED:
            continue
        for number, investigation in enumerate(plan.investigations):
            rotation = plan.index + number
            review = CommitteeReview(
                investigation=investigation,
                decision=decisions[rotation % len(decisions)],
                decision_notes="Un problème réel, mesuré, avec une équipe motivée.",
                decided_on=investigation.session_list[8].date,
                updated_by=plan.programme.coach,
            )
            for name, _label in COMMITTEE_CRITERIA:
                setattr(review, f"{name}_score", 1 + rotation % 5)
                setattr(review, f"{name}_comment", "Solide, à confirmer.")
            reviews.append(review)
            conclusion = Conclusion(
                investigation=investigation,
                problem_confirmed=confirmations[rotation % len(confirmations)],
                summary="Le problème est réel et fréquent ; il coûte chaque semaine.",
                recommendation=recommendations[rotation % len(recommendations)],
                next_steps="Présenter les résultats à la direction générale.",
            )
            conclusion.first_author = investigation.team_candidacies[0].agent
            conclusions.append(conclusion)
    _create(CommitteeReview, reviews)
    _create(Conclusion, conclusions)
    _create(
        Conclusion.authors.through,
        [Conclusion.authors.through(conclusion=c, user=c.first_author) for c in conclusions],
    )
    _create(
        ConclusionFigure,
        [
            ConclusionFigure(
                conclusion=c, figure="27 % de rendez-vous non honorés", source="Logiciel métier"
            )
            for c in conclusions
        ],
    )
    _create(
        Proposal,
        [
            Proposal(conclusion=c, description=description, kind=kind)
            for c in conclusions
            for description, kind in [
                ("Un rappel par SMS la veille", "digital"),
                ("Des créneaux en fin de journée", "organisational"),
            ]
        ],
    )


@transaction.atomic
def seed_scale(count: int, today: datetime.date | None = None) -> int:
    """Add `count` programmes; nothing when they are already there (same count).
    Returns the number of programmes created."""
    today = today or timezone.localdate()
    existing = Programme.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing == count:
        return 0
    if existing:
        raise ScaleError(
            f"The database already holds {existing} scale programmes, not {count}: "
            "seed the scale data in an empty database."
        )
    indexes = list(range(count))
    coach_count = max(1, math.ceil(count / PROGRAMMES_PER_COACH))
    coaches, designers, people = _users(coach_count, make_password(DEMO_PASSWORD), indexes)
    plans = _programmes(indexes, coaches, designers, people, today)
    _call(plans)
    _investigations(plans, today)
    _follow_up(plans, today)
    _outcomes(plans)
    return count


def analyse() -> None:
    """Refresh PostgreSQL's statistics after the bulk load, as autovacuum would a little
    later: until then the planner takes the new tables for empty and picks slow plans."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
