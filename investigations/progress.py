"""How each investigation is doing, computed in the database for a whole list at once.

`with_progress(queryset, today)` annotates every investigation with the figures a coach
follows; `Progress.of(investigation)` reads them back and applies the status rules:

- stalled: two missed weeks or more, or an attendance rate under one half;
- watch: one missed week, or a help request left open for more than a week;
- on track: otherwise.

A week is missed when its session is at least a week old and its log was not submitted.

For one investigation's page, `Calendar.of(investigation, …)` gives each week's status and
whether its log may be written, and `phase_notice` and `log_read_only_reason` say why the
team can't write (the services check the same rules again when saving).
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Subquery,
    TextChoices,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from investigations.models import Attendance, Hypothesis, Milestone, WeeklyLog, WeeklySession
from programmes.models import Programme

HELP_REQUEST_PATIENCE = datetime.timedelta(days=7)


def _count(queryset):
    """The number of rows of `queryset` per investigation, as a subquery (0 when none)."""
    counted = (
        queryset.filter(investigation=OuterRef("pk"))
        .order_by()
        .values("investigation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _count_attendance(queryset):
    counted = queryset.order_by().values("session__investigation").annotate(total=Count("pk"))
    return Coalesce(Subquery(counted.values("total"), output_field=IntegerField()), Value(0))


def _aggregate(queryset, function):
    aggregated = (
        queryset.filter(investigation=OuterRef("pk"))
        .order_by()
        .values("investigation")
        .annotate(value=function)
        .values("value")
    )
    return Subquery(aggregated)


def with_progress(queryset, today: datetime.date):
    """Annotate investigations with their progress: one query whatever their number."""
    week_over = today - datetime.timedelta(days=7)
    submitted = WeeklyLog.objects.filter(status=WeeklyLog.Status.SUBMITTED)
    # Attendances hang from sessions: counted per investigation through them.
    recorded = Attendance.objects.filter(
        session__investigation=OuterRef("pk"), session__date__lte=today
    )
    next_milestone = Milestone.objects.filter(
        investigation=OuterRef("pk"), done_on__isnull=True
    ).order_by("due_week", "pk")
    open_help = submitted.exclude(help_request="").filter(help_handled_at__isnull=True)
    return queryset.annotate(
        current_week=_count(WeeklySession.objects.filter(date__lte=today)),
        due_weeks=_count(WeeklySession.objects.filter(date__lte=week_over)),
        logs_submitted=_count(submitted),
        logs_submitted_due=_count(submitted.filter(session__date__lte=week_over)),
        last_log_at=_aggregate(submitted, Max("submitted_at")),
        attendance_recorded=_count_attendance(recorded),
        attendance_present=_count_attendance(recorded.filter(status=Attendance.Status.PRESENT)),
        open_help_requests=_count(open_help),
        oldest_open_help_at=_aggregate(open_help, Min("submitted_at")),
        hypotheses_to_test=_count(Hypothesis.objects.filter(status=Hypothesis.Status.TO_TEST)),
        hypotheses_validated=_count(Hypothesis.objects.filter(status=Hypothesis.Status.VALIDATED)),
        hypotheses_invalidated=_count(
            Hypothesis.objects.filter(status=Hypothesis.Status.INVALIDATED)
        ),
        next_milestone_kind=Subquery(next_milestone.values("kind")[:1]),
        next_milestone_week=Subquery(next_milestone.values("due_week")[:1]),
    )


@dataclass(frozen=True)
class Progress:
    """An investigation's figures (from `with_progress`) and its status by the rules."""

    ON_TRACK = "on_track"
    WATCH = "watch"
    STALLED = "stalled"
    LABELS = {
        ON_TRACK: gettext_lazy("En bonne voie"),
        WATCH: gettext_lazy("À surveiller"),
        STALLED: gettext_lazy("À l’arrêt"),
    }

    current_week: int
    weeks: int
    logs_submitted: int
    missed_weeks: int
    last_log_at: datetime.datetime | None
    attendance_recorded: int
    attendance_present: int
    open_help_requests: int
    oldest_open_help_at: datetime.datetime | None
    hypotheses: tuple[int, int, int]  # to test, validated, invalidated
    next_milestone: str | None
    next_milestone_week: int | None
    status: str
    reasons: tuple[str, ...]

    @property
    def attendance_rate(self) -> float | None:
        if not self.attendance_recorded:
            return None
        return self.attendance_present / self.attendance_recorded

    @property
    def status_label(self) -> str:
        return self.LABELS[self.status]

    @property
    def explanation(self) -> str:
        return " ; ".join(self.reasons) if self.reasons else _("Aucun signal d’alerte.")

    @classmethod
    def of(cls, investigation, now: datetime.datetime) -> "Progress":
        missed = investigation.due_weeks - investigation.logs_submitted_due
        recorded = investigation.attendance_recorded
        present = investigation.attendance_present
        oldest_help = investigation.oldest_open_help_at
        help_waits = oldest_help is not None and now - oldest_help > HELP_REQUEST_PATIENCE
        low_attendance = bool(recorded) and present * 2 < recorded

        stalled_reasons = []
        if missed >= 2:
            stalled_reasons.append(_("%(count)s semaines sans journal") % {"count": missed})
        if low_attendance:
            stalled_reasons.append(
                _("présence aux séances sous la moitié (%(present)s sur %(recorded)s)")
                % {"present": present, "recorded": recorded}
            )
        watch_reasons = []
        if missed == 1:
            watch_reasons.append(_("une semaine sans journal"))
        if help_waits:
            watch_reasons.append(_("une demande d’aide attend depuis plus d’une semaine"))

        if stalled_reasons:
            status, reasons = cls.STALLED, stalled_reasons + watch_reasons
        elif watch_reasons:
            status, reasons = cls.WATCH, watch_reasons
        else:
            status, reasons = cls.ON_TRACK, []
        milestone = investigation.next_milestone_kind
        return cls(
            current_week=investigation.current_week,
            weeks=investigation.programme.weeks,
            logs_submitted=investigation.logs_submitted,
            missed_weeks=missed,
            last_log_at=investigation.last_log_at,
            attendance_recorded=recorded,
            attendance_present=present,
            open_help_requests=investigation.open_help_requests,
            oldest_open_help_at=oldest_help,
            hypotheses=(
                investigation.hypotheses_to_test,
                investigation.hypotheses_validated,
                investigation.hypotheses_invalidated,
            ),
            next_milestone=Milestone.Kind(milestone).label if milestone else None,
            next_milestone_week=investigation.next_milestone_week,
            status=status,
            reasons=tuple(reasons),
        )


@dataclass(frozen=True)
class ProgressRow:
    """One investigation and how it is doing: a row of the progress table
    (templates/investigations/dashboard/includes/progress_table.html)."""

    investigation: object
    progress: Progress


def progress_rows(investigations, *, now: datetime.datetime) -> list[ProgressRow]:
    """The investigations with their progress, in one query; `load_teams` adds the teams."""
    annotated = with_progress(
        investigations.select_related("programme", "submission__collectivity"),
        timezone.localdate(now),
    )
    return [
        ProgressRow(investigation, Progress.of(investigation, now)) for investigation in annotated
    ]


def changes_at(rows, now: datetime.datetime) -> datetime.datetime | None:
    """When the rows' statuses change with no write other than the day's: the first open
    help request to become a week old from `now` on, or None (the cached dashboards
    compute again then; see incubateur.fragments)."""
    moments = [
        row.progress.oldest_open_help_at + HELP_REQUEST_PATIENCE
        for row in rows
        if row.progress.oldest_open_help_at is not None
    ]
    return min((moment for moment in moments if moment >= now), default=None)


def load_teams(rows) -> None:
    """The teams of the rows' investigations, in one query."""
    prefetch_related_objects([row.investigation for row in rows], "team")


# One investigation's page: its calendar and what the team may write now


def phase_is_open(investigation) -> bool:
    """The team writes (logs, hypotheses, outcome) only during the programme's
    investigation phase."""
    return investigation.programme.status == Programme.Status.INVESTIGATION


def phase_notice(investigation) -> str:
    """Why nothing can be changed because of the programme's phase, or ""."""
    if phase_is_open(investigation):
        return ""
    if investigation.programme.status == Programme.Status.CLOSED:
        return _(
            "Le programme est clos : plus rien n’est modifiable, seuls les commentaires "
            "restent possibles."
        )
    return _(
        "Le programme n’est pas en phase d’investigation : rien n’est modifiable pour le moment."
    )


def log_read_only_reason(investigation, log, today: datetime.date) -> str:
    """Why the team can't write this log now; empty when it can. The service checks the
    same rules again when saving."""
    if not phase_is_open(investigation):
        return _(
            "Le programme n’est plus en phase d’investigation : ce journal est en lecture seule."
        )
    if log.session.date > today:
        return _(
            "Cette semaine n’a pas encore commencé : son journal pourra être écrit à partir "
            "du %(date)s."
        ) % {"date": date_format(log.session.date, "l j F Y")}
    if log.pk and log.is_locked(today):
        return _(
            "Ce journal est verrouillé depuis la fin de la semaine suivante — demandez au "
            "coach de le rouvrir."
        )
    return ""


class WeekStatus(TextChoices):
    UPCOMING = "upcoming", gettext_lazy("À venir")
    NOT_STARTED = "not_started", gettext_lazy("Non commencé")
    DRAFT = "draft", gettext_lazy("Brouillon")
    SUBMITTED = "submitted", gettext_lazy("Envoyé")
    LATE = "late", gettext_lazy("En retard")


@dataclass
class CalendarWeek:
    """One week of the programme calendar, as the investigation page shows it."""

    session: WeeklySession
    log: WeeklyLog | None
    status: WeekStatus
    is_current: bool
    is_locked: bool
    # The user may write this week's log now.
    can_edit: bool
    comments: list

    @property
    def week(self) -> int:
        return self.session.week

    @property
    def status_label(self) -> str:
        return self.status.label

    @classmethod
    def build(cls, session, log, *, current_week: int, today, writer: bool):
        """A week before the current one without a submitted log is late; a log is locked
        after the end of the following week unless a coach reopened it. A missing log is
        never locked: a late team can still catch up. `writer`: the user is on the team and
        the programme is open."""
        if session.date > today:
            status = WeekStatus.UPCOMING
        elif log and log.is_submitted:
            status = WeekStatus.SUBMITTED
        elif session.week < current_week:
            status = WeekStatus.LATE
        elif log:
            status = WeekStatus.DRAFT
        else:
            status = WeekStatus.NOT_STARTED
        is_locked = bool(log) and log.is_locked(today)
        return cls(
            session=session,
            log=log,
            status=status,
            is_current=session.week == current_week,
            is_locked=is_locked,
            can_edit=writer and status != WeekStatus.UPCOMING and not is_locked,
            comments=list(log.comments.all()) if log else [],
        )


@dataclass(frozen=True)
class Calendar:
    """An investigation's weeks, as its page shows them."""

    weeks: list[CalendarWeek]
    # The week whose session has passed most recently (0 before the first session).
    current_week: int

    @classmethod
    def of(cls, investigation, *, today: datetime.date, is_member: bool) -> "Calendar":
        """From the investigation's sessions (in week order) and logs with their comments,
        prefetched. `is_member`: the user is on the team, who writes the logs while the
        phase is open."""
        sessions = investigation.sessions.all()
        current_week = investigation.current_week(sessions, today)
        logs = {log.week: log for log in investigation.logs.all()}
        writer = is_member and phase_is_open(investigation)
        weeks = [
            CalendarWeek.build(
                session,
                logs.get(session.week),
                current_week=current_week,
                today=today,
                writer=writer,
            )
            for session in sessions
        ]
        return cls(weeks=weeks, current_week=current_week)
