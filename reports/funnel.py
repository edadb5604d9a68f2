"""The national funnel: from problems submitted to services that spread, by year (the
year the programme's call opened), for every problem or those of one theme. Two queries
whatever the number of programmes: one over submissions, one over investigations with
their decision, next step and check-ins.

A service counts as built once its fiche produit put it « en construction » or a check-in
says it is in construction, live or spread; live once a check-in says live or spread;
spread once one says spread."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intrapreneurs.models import ProblemSubmission
from investigations.models import CheckInAnswer, CommitteeReview, Investigation

Status = CheckInAnswer.Status

# (key, label), in the funnel's order.
STAGES = [
    ("submitted", _("Problèmes déposés")),
    ("selected", _("Problèmes retenus")),
    ("investigated", _("Investigations")),
    *[
        (f"decision_{value}", format_lazy(_("Comité : {decision}"), decision=label))
        for value, label in CommitteeReview.Decision.choices
    ],
    ("built", _("Services en construction")),
    ("live", _("Services en ligne")),
    ("spread", _("Services essaimés")),
]


@dataclass(frozen=True)
class Funnel:
    years: list[int]
    # stage key → year → count
    counts: dict[str, dict[int, int]]

    def total(self, stage: str) -> int:
        return sum(self.counts[stage].values())

    def rows(self):
        """[(label, total, [count per year])] in the funnel's order."""
        return [
            (label, self.total(key), [self.counts[key].get(year, 0) for year in self.years])
            for key, label in STAGES
        ]


def _answered(*statuses):
    return Exists(CheckInAnswer.objects.filter(investigation=OuterRef("pk"), status__in=statuses))


def funnel(theme=None) -> Funnel:
    """`theme`: only the problems of that theme (a problem has each theme once, so the
    join adds no row)."""
    submissions = ProblemSubmission.objects.submitted()
    investigations = Investigation.objects.all()
    if theme is not None:
        submissions = submissions.filter(themes=theme)
        investigations = investigations.filter(submission__themes=theme)
    counts = {key: {} for key, _label in STAGES}
    for row in (
        submissions.values(year=ExtractYear("programme__call_opens_on"))
        .annotate(
            submitted=Count("pk"),
            selected=Count("pk", filter=Q(status=ProblemSubmission.Status.SELECTED)),
        )
        .order_by()
    ):
        counts["submitted"][row["year"]] = row["submitted"]
        counts["selected"][row["year"]] = row["selected"]
    decisions = {
        f"decision_{value}": Count("pk", filter=Q(committee_review__decision=value))
        for value in CommitteeReview.Decision.values
    }
    for row in (
        investigations.annotate(
            said_built=_answered(Status.IN_CONSTRUCTION, Status.LIVE, Status.SPREAD),
            said_live=_answered(Status.LIVE, Status.SPREAD),
            said_spread=_answered(Status.SPREAD),
        )
        .values(year=ExtractYear("programme__call_opens_on"))
        .annotate(
            investigated=Count("pk"),
            **decisions,
            built=Count(
                "pk",
                filter=Q(next_step__construction_started_on__isnull=False) | Q(said_built=True),
            ),
            live=Count("pk", filter=Q(said_live=True)),
            spread=Count("pk", filter=Q(said_spread=True)),
        )
        .order_by()
    ):
        for key in ["investigated", *decisions, "built", "live", "spread"]:
            counts[key][row["year"]] = row[key]
    years = sorted({year for by_year in counts.values() for year in by_year})
    return Funnel(years=years, counts=counts)
