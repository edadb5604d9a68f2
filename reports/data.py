"""What a report shows, loaded with a fixed number of queries whatever the number of
investigations, logs, hypotheses or sessions: one query per relation, never per row."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur import charts
from investigations.check_ins import check_ins_of
from investigations.models import (
    Attendance,
    CheckInAnswer,
    Hypothesis,
    Investigation,
    LogFigure,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)
from programmes.models import Programme


@dataclass
class Chapter:
    """One investigation and what its chapter shows (relations already loaded)."""

    investigation: Investigation
    number: int
    anchor: str
    submission: object
    team: list
    logs: list
    hypotheses: list
    figures: list  # (figure, source, where): the conclusion's, then the logs'
    committee_review: object | None
    conclusion: object | None
    proposals: list
    sessions: list
    # What the committee's decision led to (investigations.NextStep), or None.
    next_step: object | None = None
    # The check-ins after the committee that have answers (investigations.check_ins).
    check_ins: list = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.submission.title

    @property
    def people_met(self) -> int:
        return sum(log.people_met for log in self.logs)

    @property
    def hours(self) -> Decimal:
        return sum((log.hours_spent or Decimal(0) for log in self.logs), Decimal(0))


@dataclass
class AttendanceRow:
    chapter: Chapter
    member: object
    statuses: list  # one per week: an Attendance status or ""
    present: int


@dataclass
class ReportData:
    programme: Programme
    collectivities: list
    chapters: list[Chapter]
    generated_on: datetime.date
    weeks: list[int] = field(default_factory=list)
    attendance: list[AttendanceRow] = field(default_factory=list)
    charts: list = field(default_factory=list)
    # A sheet is one investigation alone: its chapter is not « Investigation 1 ».
    numbered: bool = True

    @property
    def is_provisional(self) -> bool:
        """Before the programme closes, decisions and conclusions may still be to come:
        the document says so on its cover and on every page."""
        return self.programme.status != Programme.Status.CLOSED

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        logs = sum(len(chapter.logs) for chapter in self.chapters)
        people = sum(chapter.people_met for chapter in self.chapters)
        hours = sum((chapter.hours for chapter in self.chapters), Decimal(0))
        intrapreneurs = {member.pk for chapter in self.chapters for member in chapter.team}
        decided = sum(
            1 for c in self.chapters if c.committee_review and c.committee_review.decision
        )
        return [
            (_("investigations"), charts.format_number(len(self.chapters))),
            (_("intrapreneurs"), charts.format_number(len(intrapreneurs))),
            (_("journaux de bord envoyés"), charts.format_number(logs)),
            (_("personnes rencontrées"), charts.format_number(people)),
            (_("heures d’investigation"), charts.format_number(hours)),
            (_("décisions du comité d’investissement"), charts.format_number(decided)),
        ]


def investigations_for_report(queryset):
    """The investigations with every relation their chapter reads: eight queries for the
    investigations themselves, their teams, submitted logs (with their sessions and
    figures), hypotheses, conclusions' figures and proposals, sessions and attendance."""
    return (
        queryset.select_related(
            "programme__coach",
            "programme__designer",
            "submission__collectivity",
            "submission__author",
            "committee_review",
            "conclusion",
            "next_step__pivot_submission__programme",
        )
        .prefetch_related(
            Prefetch(
                "team_memberships",
                queryset=TeamMembership.objects.select_related("user").order_by(
                    "user__last_name", "user__first_name", "pk"
                ),
            ),
            Prefetch(
                "logs",
                queryset=WeeklyLog.objects.submitted().select_related("session").order_by("week"),
                to_attr="submitted_logs",
            ),
            Prefetch("submitted_logs__figures", queryset=LogFigure.objects.order_by("pk")),
            Prefetch("hypotheses", queryset=Hypothesis.objects.order_by("created_at", "pk")),
            "conclusion__figures",
            "conclusion__proposals",
            Prefetch(
                "check_in_answers",
                queryset=CheckInAnswer.objects.select_related("respondent").order_by(
                    "month", "answered_at", "pk"
                ),
            ),
            Prefetch(
                "sessions",
                queryset=WeeklySession.objects.order_by("week").prefetch_related(
                    Prefetch("attendances", queryset=Attendance.objects.order_by("pk"))
                ),
            ),
        )
        .order_by("submission__title", "pk")
    )


def _chapter(investigation, number: int) -> Chapter:
    conclusion = getattr(investigation, "conclusion", None)
    figures = []
    if conclusion is not None:
        figures += [
            (figure.figure, figure.source, _("conclusion")) for figure in conclusion.figures.all()
        ]
    for log in investigation.submitted_logs:
        figures += [
            (figure.figure, figure.source, _("semaine %(week)s") % {"week": log.week})
            for figure in log.figures.all()
        ]
    return Chapter(
        investigation=investigation,
        number=number,
        anchor=f"investigation-{investigation.pk}",
        submission=investigation.submission,
        team=[membership.user for membership in investigation.team_memberships.all()],
        logs=investigation.submitted_logs,
        hypotheses=list(investigation.hypotheses.all()),
        figures=figures,
        committee_review=getattr(investigation, "committee_review", None),
        conclusion=conclusion,
        proposals=list(conclusion.proposals.all()) if conclusion else [],
        sessions=list(investigation.sessions.all()),
        next_step=getattr(investigation, "next_step", None),
        check_ins=[
            check_in
            for check_in in check_ins_of(
                investigation,
                timezone.localdate(),
                answers=list(investigation.check_in_answers.all()),
                asked=[],
            )
            if check_in.answers
        ],
    )


def _attendance(chapters: list[Chapter], weeks: list[int]) -> list[AttendanceRow]:
    rows = []
    for chapter in chapters:
        by_member_week = {
            (attendance.user_id, session.week): attendance.status
            for session in chapter.sessions
            for attendance in session.attendances.all()
        }
        for member in chapter.team:
            statuses = [by_member_week.get((member.pk, week), "") for week in weeks]
            rows.append(
                AttendanceRow(
                    chapter=chapter,
                    member=member,
                    statuses=statuses,
                    present=statuses.count(Attendance.Status.PRESENT),
                )
            )
    return rows


def _charts(chapters: list[Chapter], weeks: list[int]) -> list:
    logs_per_week = dict.fromkeys(weeks, 0)
    people_per_week = dict.fromkeys(weeks, 0)
    for chapter in chapters:
        for log in chapter.logs:
            logs_per_week[log.week] = logs_per_week.get(log.week, 0) + 1
            people_per_week[log.week] = people_per_week.get(log.week, 0) + log.people_met
    week_label = _("Semaine")
    statuses = Hypothesis.Status
    return [
        (
            "columns",
            charts.column_chart(
                chart_id="rapport-journaux",
                title=_("Journaux de bord envoyés par semaine"),
                data=[(f"S{week}", count) for week, count in logs_per_week.items()],
                full_labels=[f"{week_label} {week}" for week in logs_per_week],
                label_header=week_label,
                value_header=_("Journaux"),
            ),
        ),
        (
            "columns",
            charts.column_chart(
                chart_id="rapport-rencontres",
                title=_("Personnes rencontrées par semaine"),
                data=[(f"S{week}", count) for week, count in people_per_week.items()],
                full_labels=[f"{week_label} {week}" for week in people_per_week],
                label_header=week_label,
                value_header=_("Personnes"),
                colour=charts.GREEN_ARCHIPEL,
            ),
        ),
        (
            "stacked",
            charts.stacked_chart(
                chart_id="rapport-hypotheses",
                title=_("Hypothèses par statut final"),
                series=[
                    (statuses.VALIDATED, statuses.VALIDATED.label, charts.GREEN_EMERAUDE),
                    (statuses.INVALIDATED, statuses.INVALIDATED.label, charts.PINK_TUILE),
                    (statuses.TO_TEST, statuses.TO_TEST.label, charts.BEIGE_GRIS_GALET),
                ],
                rows=[
                    (
                        chapter.title,
                        {
                            status: sum(1 for h in chapter.hypotheses if h.status == status)
                            for status in statuses.values
                        },
                    )
                    for chapter in chapters
                ],
                label_header=_("Investigation"),
            ),
        ),
    ]


def programme_report_data(programme: Programme, *, today: datetime.date) -> ReportData:
    """Ten queries: the programme's collectivités, then `investigations_for_report`
    (the programme itself must come with its coach and designer)."""
    collectivities = list(programme.collectivities.order_by("name"))
    investigations = investigations_for_report(Investigation.objects.filter(programme=programme))
    chapters = [
        _chapter(investigation, number)
        for number, investigation in enumerate(investigations, start=1)
    ]
    last_week = max([programme.weeks, *(session.week for c in chapters for session in c.sessions)])
    weeks = list(range(1, last_week + 1))
    return ReportData(
        programme=programme,
        collectivities=collectivities,
        chapters=chapters,
        generated_on=today,
        weeks=weeks,
        attendance=_attendance(chapters, weeks),
        charts=_charts(chapters, weeks),
    )


def sheet_data(investigation: Investigation, *, today: datetime.date) -> ReportData:
    """One investigation's chapter alone: `investigations_for_report` for it, plus its
    programme's collectivités."""
    investigation = investigations_for_report(
        Investigation.objects.filter(pk=investigation.pk)
    ).get()
    programme = investigation.programme
    chapter = _chapter(investigation, 1)
    return ReportData(
        programme=programme,
        collectivities=[investigation.submission.collectivity],
        chapters=[chapter],
        generated_on=today,
        numbered=False,
    )
