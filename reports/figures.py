"""The figures of the programme and national dashboards, aggregated in the database.

Every function runs a fixed number of queries whatever the number of submissions,
reviews, investigations or logs: counts are conditional aggregates, group-bys
(`values().annotate()`) or subqueries, never Python loops over rows. The loops left run
over days, weeks or choices, to fill the gaps with zeros.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from incubateur import fragments
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview, Theme
from investigations.models import (
    CommitteeReview,
    Conclusion,
    Investigation,
    Milestone,
    WeeklyLog,
    WeeklySession,
)
from programmes.models import Collectivity, Membership, Programme
from reports.funnel import Funnel, funnel

# A week is over, and what it asked for is late, a week after its session (as for logs
# in investigations.progress).
WEEK = datetime.timedelta(days=7)
TOP_SUBMISSIONS = 10


def _people_met():
    return F("usagers_met") + F("agents_met") + F("partners_met")


def _hours():
    return Coalesce(
        Sum("hours_spent"),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


# The programme dashboard


@dataclass(frozen=True)
class CallFigures:
    submitted: int  # every submission sent, whatever became of it
    shortlisted: int
    selected: int
    declined: int
    unreviewed: int
    per_day: list[tuple[datetime.date, int]]
    per_service: list[tuple[str, int]]
    candidacies: int
    candidacies_with_agreement: int


def call_figures(programme, today: datetime.date) -> CallFigures:
    """Four queries: the submissions by status, by day, by service; the candidacies."""
    submissions = ProblemSubmission.objects.submitted().filter(programme=programme)
    Status = ProblemSubmission.Status
    by_status = submissions.alias(
        reviewed=Exists(SelectionReview.objects.filter(submission=OuterRef("pk")))
    ).aggregate(
        submitted=Count("pk"),
        shortlisted=Count("pk", filter=Q(status=Status.SHORTLISTED)),
        selected=Count("pk", filter=Q(status=Status.SELECTED)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        unreviewed=Count("pk", filter=Q(reviewed=False)),
    )
    counted_days = dict(
        submissions.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
        .values_list("day", "count")
    )
    per_service = list(
        submissions.values("service")
        .annotate(count=Count("pk"))
        .order_by("-count", "service")
        .values_list("service", "count")
    )
    candidacies = Candidacy.objects.filter(programme=programme).aggregate(
        total=Count("pk"), agreed=Count("pk", filter=Q(manager_agrees=True))
    )
    return CallFigures(
        **by_status,
        per_day=_per_day(programme, counted_days, today),
        per_service=per_service,
        candidacies=candidacies["total"],
        candidacies_with_agreement=candidacies["agreed"],
    )


def _per_day(programme, counted: dict, today: datetime.date) -> list[tuple[datetime.date, int]]:
    """Every day of the call so far, zero when nothing came in; before the call opens,
    nothing. Submissions dated outside the call widen the range."""
    if programme.status == Programme.Status.DRAFT and not counted:
        return []
    first = min([programme.call_opens_on, *counted])
    last = max([min(programme.call_closes_on, today), *counted])
    if last < first:
        return []
    days = (first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1))
    return [(day, counted.get(day, 0)) for day in days]


@dataclass(frozen=True)
class SelectionFigures:
    reviews: int
    average: Decimal | None
    impact: Decimal | None
    scale: Decimal | None
    feasibility: Decimal | None
    reviewers: list  # users annotated with reviews_done and average_given
    ranked: list  # the best-scored submissions, annotated with average_score, review_count


def selection_figures(programme) -> SelectionFigures:
    """Three queries: the averages by criterion, the committee's reviews per member, and
    the submissions with the best average."""
    reviews = SelectionReview.objects.filter(submission__programme=programme)
    averages = reviews.aggregate(
        reviews=Count("pk"),
        average=Avg("average"),
        impact=Avg("impact_score"),
        scale=Avg("scale_score"),
        feasibility=Avg("feasibility_score"),
    )
    # The committee: the ANCT team, the referents, and anyone else who reviewed (admins),
    # as one union of ids so that the users are found by their index; their reviews of
    # this programme counted in subqueries, not over every review they ever made.
    User = get_user_model()
    committee = (
        User.objects.filter(pk__in=[pk for pk in (programme.coach_id, programme.designer_id) if pk])
        .values("pk")
        .union(
            Membership.objects.filter(
                role=Membership.Role.REFERENT, collectivity__programmes=programme
            ).values("user"),
            reviews.values("reviewer"),
        )
    )
    given = reviews.filter(reviewer=OuterRef("pk")).order_by().values("reviewer")
    reviewers = list(
        User.objects.filter(pk__in=committee)
        .annotate(
            reviews_done=Coalesce(
                Subquery(given.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            average_given=Subquery(given.annotate(a=Avg("average")).values("a")),
        )
        .order_by("-reviews_done", "last_name", "first_name", "email")
    )
    ranked = list(
        ProblemSubmission.objects.submitted()
        .filter(programme=programme)
        .annotate(average_score=Avg("reviews__average"), review_count=Count("reviews"))
        .filter(review_count__gt=0)
        .order_by("-average_score", "-review_count", "title")[:TOP_SUBMISSIONS]
    )
    return SelectionFigures(**averages, reviewers=reviewers, ranked=ranked)


@dataclass(frozen=True)
class MilestoneFigures:
    kind: str
    label: str
    done: int
    late: int
    upcoming: int


def milestone_figures(programme, today: datetime.date) -> list[MilestoneFigures]:
    """One query: for each kind of milestone, how many are done, late (not done, and its
    week's session is a week old) and to come."""
    week_over = today - WEEK
    counted = {
        row["kind"]: row
        for row in Milestone.objects.filter(investigation__programme=programme)
        .alias(
            week_over=Exists(
                WeeklySession.objects.filter(
                    investigation=OuterRef("investigation"),
                    week=OuterRef("due_week"),
                    date__lte=week_over,
                )
            )
        )
        .values("kind")
        .annotate(
            done=Count("pk", filter=Q(done_on__isnull=False)),
            late=Count("pk", filter=Q(done_on__isnull=True, week_over=True)),
            upcoming=Count("pk", filter=Q(done_on__isnull=True, week_over=False)),
        )
        .order_by()
    }
    return [
        MilestoneFigures(
            kind=kind,
            label=label,
            done=counted.get(kind, {}).get("done", 0),
            late=counted.get(kind, {}).get("late", 0),
            upcoming=counted.get(kind, {}).get("upcoming", 0),
        )
        for kind, label in Milestone.Kind.choices
    ]


@dataclass(frozen=True)
class WeekActivity:
    week: int
    logs: int
    people_met: int
    hours: Decimal


def activity_per_week(programme) -> list[WeekActivity]:
    """One query: the submitted logs of every week of the programme, the people their
    teams met and the hours they spent."""
    counted = {
        row["week"]: row
        for row in WeeklyLog.objects.submitted()
        .filter(investigation__programme=programme)
        .values("week")
        .annotate(logs=Count("pk"), people_met=Sum(_people_met()), hours=_hours())
        .order_by()
    }
    last_week = max([programme.weeks, *counted])
    return [
        WeekActivity(
            week=week,
            logs=counted.get(week, {}).get("logs", 0),
            people_met=counted.get(week, {}).get("people_met") or 0,
            hours=counted.get(week, {}).get("hours") or Decimal(0),
        )
        for week in range(1, last_week + 1)
    ]


# The national dashboard


def _per_programme(queryset, path: str, aggregate=None):
    """A subquery of `aggregate` (a count by default) over `queryset` per programme,
    `path` leading from its rows to the programme."""
    per_programme = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(value=aggregate or Count("pk"))
        .values("value")
    )
    if aggregate is not None:
        return Subquery(per_programme)
    return Coalesce(Subquery(per_programme, output_field=IntegerField()), Value(0))


def programmes_with_progress(today: datetime.date):
    """Every programme with its figures: two queries (the programmes and their
    collectivités)."""
    submitted = ProblemSubmission.objects.submitted()
    sessions = WeeklySession.objects.filter(date__lte=today)
    return Programme.objects.annotate(
        submitted_count=_per_programme(submitted, "programme"),
        selected_count=_per_programme(
            submitted.filter(status=ProblemSubmission.Status.SELECTED), "programme"
        ),
        review_count=_per_programme(SelectionReview.objects.all(), "submission__programme"),
        investigation_count=_per_programme(Investigation.objects.all(), "programme"),
        current_week=_per_programme(sessions, "investigation__programme", Max("week")),
        logs_submitted=_per_programme(WeeklyLog.objects.submitted(), "investigation__programme"),
        logs_expected=_per_programme(
            sessions.filter(date__lte=today - WEEK), "investigation__programme"
        ),
    ).prefetch_related("collectivities")


@dataclass(frozen=True)
class NationalFigures:
    computed_at: datetime.datetime
    version: str  # new at each computation: the key of the page's cached charts
    by_status: dict[str, int]
    by_kind_and_status: dict[str, dict[str, int]]
    by_departement: list[tuple[str, int]]
    submitted: int
    selected: int
    investigations: int
    intrapreneurs: int
    logs: int
    people_met: int
    hours: Decimal
    decisions: dict[str, int]
    recommendations: dict[str, int]
    confirmations: dict[str, int]
    funnel: Funnel
    # (theme, problems submitted, investigated, with a published fiche), most submitted first
    by_theme: list[tuple[Theme, int, int, int]]


def problems_by_theme() -> list[tuple[Theme, int, int, int]]:
    """One query, whatever the number of themes and problems."""
    investigation = "submissions__investigation"
    themes = Theme.objects.annotate(
        submitted_count=Count("submissions", filter=~Q(submissions__status="draft"), distinct=True),
        investigation_count=Count(investigation, distinct=True),
        published_count=Count(
            investigation,
            filter=Q(submissions__investigation__fiche__published_at__isnull=False),
            distinct=True,
        ),
    ).order_by("-submitted_count", "name")
    return [
        (theme, theme.submitted_count, theme.investigation_count, theme.published_count)
        for theme in themes
    ]


def national_figures_cached() -> NationalFigures:
    """`national_figures()`, which scans whole tables (every submission, log, team…), kept
    in the cache (shared by the workers: Redis in production) until a programme's data
    changes (incubateur.fragments); dated on the page."""
    return fragments.cached("national_figures", [fragments.PROGRAMMES], _computed)


def _computed():
    return national_figures(), None


def national_figures() -> NationalFigures:
    """Eleven queries, whatever the number of programmes (two for the funnel)."""
    by_status = Programme.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Programme.Status.values}
    )
    by_kind_and_status = {
        kind: dict.fromkeys(Programme.Status.values, 0) for kind in Collectivity.Kind.values
    }
    for row in (
        Programme.objects.filter(collectivities__isnull=False)
        .values("collectivities__kind", "status")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    ):
        by_kind_and_status[row["collectivities__kind"]][row["status"]] = row["count"]
    by_departement = list(
        Programme.objects.filter(collectivities__isnull=False)
        .values_list("collectivities__departement_code")
        .annotate(count=Count("pk", distinct=True))
        .order_by("-count", "collectivities__departement_code")
    )
    submissions = ProblemSubmission.objects.submitted().aggregate(
        submitted=Count("pk"),
        selected=Count("pk", filter=Q(status=ProblemSubmission.Status.SELECTED)),
    )
    investigations = Investigation.objects.aggregate(
        investigations=Count("pk", distinct=True),
        intrapreneurs=Count("team_memberships__user", distinct=True),
    )
    logs = WeeklyLog.objects.submitted().aggregate(
        logs=Count("pk"), people_met=Coalesce(Sum(_people_met()), 0), hours=_hours()
    )
    decisions = CommitteeReview.objects.aggregate(
        **{
            decision: Count("pk", filter=Q(decision=decision))
            for decision in CommitteeReview.Decision.values
        }
    )
    conclusions = Conclusion.objects.aggregate(
        **{
            f"recommendation_{value}": Count("pk", filter=Q(recommendation=value))
            for value in Conclusion.Recommendation.values
        },
        **{
            f"confirmed_{value}": Count("pk", filter=Q(problem_confirmed=value))
            for value in Conclusion.Confirmed.values
        },
    )
    return NationalFigures(
        computed_at=timezone.now(),
        version=uuid.uuid4().hex,
        by_status=by_status,
        by_kind_and_status=by_kind_and_status,
        by_departement=by_departement,
        **submissions,
        **investigations,
        **logs,
        decisions=decisions,
        recommendations={
            value: conclusions[f"recommendation_{value}"]
            for value in Conclusion.Recommendation.values
        },
        confirmations={
            value: conclusions[f"confirmed_{value}"] for value in Conclusion.Confirmed.values
        },
        funnel=funnel(),
        by_theme=problems_by_theme(),
    )
