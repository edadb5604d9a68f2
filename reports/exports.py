"""CSV exports of programmes' data: the problems submitted, the volunteers, the weekly
logs, the attendance and the conclusions.

The files open cleanly in French spreadsheets: UTF-8 with a byte-order mark, `;` as the
separator, CRLF line endings (RFC 4180, what Excel writes), dates as dd/mm/yyyy and
decimals with a comma. A text cell that a spreadsheet would read as a formula is prefixed
with a single quote. Callers check access: they pass programmes already filtered to what
the user may see.

Each export runs one query, read CHUNK_SIZE rows at a time, plus one query per prefetched
relation and chunk: a fixed count up to CHUNK_SIZE rows, and the rows are streamed, never
all held in memory.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations.models import Attendance, Investigation, WeeklyLog

BOM = "\ufeff"
CHUNK_SIZE = 2000
# Spreadsheets evaluate a cell starting with one of these as a formula (OWASP, CSV
# injection); a leading quote makes it text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Between the items of a multi-valued cell (figures, proposals, authors).
ITEM_SEPARATOR = " | "


@dataclass(frozen=True)
class Export:
    kind: str
    # In file names.
    slug: str
    # The link's text.
    label: str
    headers: list
    rows: Callable[[Iterable], Iterator[list]]
    # The programme's step from which the export has something to show.
    from_status: str = "call_open"  # a Programme.Status value


def write_csv(kind: str, programmes, stream) -> None:
    """Write the `kind` export ("submissions", "candidacies", "logs", "attendance" or
    "conclusions") of
    `programmes` (a Programme queryset or a list of programmes) to `stream`, a text
    stream opened with newline="" (e.g. `open(path, "w", encoding="utf-8", newline="")`):
    the byte-order mark, the French header row, then one row per item. Raises ValueError
    for an unknown kind (see EXPORTS)."""
    for chunk in iter_csv(kind, programmes):
        stream.write(chunk)


def iter_csv(kind: str, programmes) -> Iterator[str]:
    """The same file as write_csv, one line at a time, for a StreamingHttpResponse.
    Raises ValueError for an unknown kind at once, not when the file is read."""
    export = EXPORTS.get(kind)
    if export is None:
        raise ValueError(f"Unknown export kind: {kind!r} (expected one of {', '.join(EXPORTS)})")
    return _lines(export, programmes)


def _lines(export, programmes) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM
    yield writer.writerow([str(header) for header in export.headers])
    for row in export.rows(programmes):
        yield writer.writerow([cell(value) for value in row])


def filename(kind: str, programme=None, today: datetime.date | None = None) -> str:
    """`le-havre-vague-1-journaux-2026-11-29.csv`, or `tous-les-programmes-…` without a
    programme."""
    today = today or timezone.localdate()
    prefix = programme.slug if programme is not None else "tous-les-programmes"
    return f"{prefix}-{EXPORTS[kind].slug}-{today.isoformat()}.csv"


class _Echo:
    """A file-like object whose write returns the line, so that csv.writer yields it."""

    def write(self, value):
        return value


def cell(value) -> str:
    """A value as French spreadsheets read it, neutralised if it could run a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def joined(items) -> str:
    return ITEM_SEPARATOR.join(str(item) for item in items)


# Submissions


def submission_rows(programmes) -> Iterator[list]:
    # Drafts are their author's only.
    submissions = (
        ProblemSubmission.objects.submitted()
        .filter(programme__in=programmes)
        .with_list_related_data()
        .order_by("programme__name", "programme_id", "submitted_at", "pk")
    )
    for submission in submissions.iterator(chunk_size=CHUNK_SIZE):
        average = submission.average_score
        yield [
            submission.programme.name,
            submission.title,
            submission.collectivity.name,
            submission.service,
            submission.problem,
            submission.affected_users,
            submission.current_cost,
            submission.evidence,
            submission.current_handling,
            submission.author,
            submission.author.email,
            submission.get_status_display(),
            submission.submitted_at,
            submission.updated_at,
            None if average is None else Decimal(average).quantize(Decimal("0.01")),
            submission.review_count,
        ]


# Volunteers (the call for intrapreneurs)


def candidacy_rows(programmes) -> Iterator[list]:
    candidacies = (
        Candidacy.objects.filter(programme__in=programmes)
        .select_related("programme", "agent")
        .prefetch_related(
            Prefetch("preferred_problems", queryset=ProblemSubmission.objects.order_by("title")),
            Prefetch("assigned_problems", queryset=ProblemSubmission.objects.order_by("title")),
        )
        .order_by("programme__name", "programme_id", "agent__last_name", "agent__first_name", "pk")
    )
    for candidacy in candidacies.iterator(chunk_size=CHUNK_SIZE):
        yield [
            candidacy.programme.name,
            candidacy.agent,
            candidacy.agent.email,
            candidacy.motivation,
            joined(problem.title for problem in candidacy.preferred_problems.all()),
            candidacy.manager_name,
            candidacy.manager_email,
            _("Oui") if candidacy.manager_agrees else _("Non"),
            joined(problem.title for problem in candidacy.assigned_problems.all()),
            candidacy.created_at,
            candidacy.updated_at,
        ]


# Weekly logs


def log_rows(programmes) -> Iterator[list]:
    logs = (
        WeeklyLog.objects.filter(investigation__programme__in=programmes)
        .select_related("investigation__programme", "investigation__submission", "session")
        .prefetch_related("figures", "authors")
        .order_by(
            "investigation__programme__name",
            "investigation__programme_id",
            "investigation__submission__title",
            "investigation_id",
            "week",
        )
    )
    for log in logs.iterator(chunk_size=CHUNK_SIZE):
        yield [
            log.investigation.programme.name,
            log.investigation.submission.title,
            log.week,
            log.session.date,
            log.get_status_display(),
            log.submitted_at,
            log.updated_at,
            log.hours_spent,
            log.usagers_met,
            log.agents_met,
            log.partners_met,
            log.activities,
            log.key_learnings,
            joined(log.figures.all()),
            log.blockers,
            log.help_request,
            log.help_handled_at,
            log.next_steps,
            joined(log.authors.all()),
        ]


# Attendance


def attendance_rows(programmes) -> Iterator[list]:
    attendances = (
        Attendance.objects.filter(session__investigation__programme__in=programmes)
        .select_related(
            "session__investigation__programme", "session__investigation__submission", "user"
        )
        .order_by(
            "session__investigation__programme__name",
            "session__investigation__programme_id",
            "session__investigation__submission__title",
            "session__investigation_id",
            "session__week",
            "user__last_name",
            "user__first_name",
            "user__email",
        )
    )
    for attendance in attendances.iterator(chunk_size=CHUNK_SIZE):
        investigation = attendance.session.investigation
        yield [
            investigation.programme.name,
            investigation.submission.title,
            attendance.session.week,
            attendance.session.date,
            attendance.user,
            attendance.user.email,
            attendance.get_status_display(),
        ]


# Conclusions: one row per investigation, empty cells until it is concluded or decided.


def conclusion_rows(programmes) -> Iterator[list]:
    investigations = (
        Investigation.objects.filter(programme__in=programmes)
        .select_related("programme", "submission__collectivity", "conclusion", "committee_review")
        .prefetch_related("team", "conclusion__figures", "conclusion__proposals")
        .order_by("programme__name", "programme_id", "submission__title", "pk")
    )
    for investigation in investigations.iterator(chunk_size=CHUNK_SIZE):
        yield [
            investigation.programme.name,
            investigation.submission.title,
            investigation.submission.collectivity.name,
            joined(investigation.team.all()),
            *_conclusion_cells(getattr(investigation, "conclusion", None)),
            *_decision_cells(getattr(investigation, "committee_review", None)),
        ]


def _conclusion_cells(conclusion) -> list:
    if conclusion is None:
        return [None] * 6
    return [
        conclusion.get_problem_confirmed_display(),
        conclusion.summary,
        conclusion.get_recommendation_display(),
        conclusion.next_steps,
        joined(conclusion.figures.all()),
        joined(_proposal(proposal) for proposal in conclusion.proposals.all()),
    ]


def _decision_cells(review) -> list:
    if review is None:
        return [None] * 3
    return [review.get_decision_display(), review.decision_notes, review.decided_on]


def _proposal(proposal) -> str:
    return f"{proposal.get_kind_display()} : {proposal.description}"


EXPORTS = {
    export.kind: export
    for export in [
        Export(
            kind="submissions",
            slug="problemes",
            label=gettext_lazy("Problèmes déposés"),
            headers=[
                gettext_lazy("Programme"),
                gettext_lazy("Problème"),
                gettext_lazy("Collectivité"),
                gettext_lazy("Service"),
                gettext_lazy("Le problème"),
                gettext_lazy("Qui est concerné"),
                gettext_lazy("Ce que cela coûte aujourd’hui"),
                gettext_lazy("Les éléments disponibles"),
                gettext_lazy("Comment il est traité aujourd’hui"),
                gettext_lazy("Déposé par"),
                gettext_lazy("Adresse électronique"),
                gettext_lazy("Statut"),
                gettext_lazy("Soumis le"),
                gettext_lazy("Modifié le"),
                gettext_lazy("Moyenne des évaluations"),
                gettext_lazy("Nombre d’évaluations"),
            ],
            rows=submission_rows,
        ),
        Export(
            kind="candidacies",
            slug="volontaires",
            label=gettext_lazy("Volontaires (candidatures d’intrapreneurs)"),
            headers=[
                gettext_lazy("Programme"),
                gettext_lazy("Agent"),
                gettext_lazy("Adresse électronique"),
                gettext_lazy("Motivation"),
                gettext_lazy("Problèmes qui l’intéressent"),
                gettext_lazy("Responsable"),
                gettext_lazy("Adresse électronique du responsable"),
                gettext_lazy("Accord du responsable"),
                gettext_lazy("Équipe (problème retenu)"),
                gettext_lazy("Candidature le"),
                gettext_lazy("Modifiée le"),
            ],
            rows=candidacy_rows,
        ),
        Export(
            kind="logs",
            slug="journaux",
            label=gettext_lazy("Journaux de bord"),
            headers=[
                gettext_lazy("Programme"),
                gettext_lazy("Investigation"),
                gettext_lazy("Semaine"),
                gettext_lazy("Date de la séance"),
                gettext_lazy("Statut"),
                gettext_lazy("Envoyé le"),
                gettext_lazy("Modifié le"),
                gettext_lazy("Heures"),
                gettext_lazy("Usagers rencontrés"),
                gettext_lazy("Agents rencontrés"),
                gettext_lazy("Partenaires rencontrés"),
                gettext_lazy("Activités"),
                gettext_lazy("Principaux apprentissages"),
                gettext_lazy("Chiffres (sources)"),
                gettext_lazy("Blocages"),
                gettext_lazy("Aide demandée"),
                gettext_lazy("Aide traitée le"),
                gettext_lazy("Prochaines étapes"),
                gettext_lazy("Auteurs"),
            ],
            rows=log_rows,
            from_status="investigation",
        ),
        Export(
            kind="attendance",
            slug="presences",
            label=gettext_lazy("Présences"),
            headers=[
                gettext_lazy("Programme"),
                gettext_lazy("Investigation"),
                gettext_lazy("Semaine"),
                gettext_lazy("Date de la séance"),
                gettext_lazy("Intrapreneur"),
                gettext_lazy("Adresse électronique"),
                gettext_lazy("Présence"),
            ],
            rows=attendance_rows,
            from_status="investigation",
        ),
        Export(
            kind="conclusions",
            slug="conclusions",
            label=gettext_lazy("Conclusions"),
            headers=[
                gettext_lazy("Programme"),
                gettext_lazy("Investigation"),
                gettext_lazy("Collectivité"),
                gettext_lazy("Intrapreneurs"),
                gettext_lazy("Problème confirmé"),
                gettext_lazy("Ce que l’investigation a établi"),
                gettext_lazy("Recommandation"),
                gettext_lazy("Prochaines étapes"),
                gettext_lazy("Chiffres (sources)"),
                gettext_lazy("Propositions"),
                gettext_lazy("Décision du comité"),
                gettext_lazy("Motifs de la décision"),
                gettext_lazy("Date du comité"),
            ],
            rows=conclusion_rows,
            from_status="investigation",
        ),
    ]
}
KINDS = tuple(EXPORTS)
