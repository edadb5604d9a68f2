"""What became of a problem after the investment committee: check-ins at 3, 6 and 12
months, answered by the team and the collectivité's referents (one answer each)."""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from investigations.models.core import Investigation

# Months after the committee at which the check-ins are due.
CHECK_IN_MONTHS = (3, 6, 12)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_in_due_on(decided_on: datetime.date, month: int) -> datetime.date:
    return add_months(decided_on, month)


class CheckInAnswer(models.Model):
    class Status(models.TextChoices):
        ABANDONED = "abandoned", _("Abandonné")
        IN_CONSTRUCTION = "in_construction", _("En construction")
        LIVE = "live", _("Service en ligne")
        SPREAD = "spread", _("Essaimé dans d’autres collectivités")

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="check_in_answers"
    )
    month = models.PositiveSmallIntegerField(
        _("point de suivi"), choices=[(month, f"{month} mois") for month in CHECK_IN_MONTHS]
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_in_answers"
    )
    status = models.CharField(_("où en est le sujet"), max_length=20, choices=Status.choices)
    service_url = models.URLField(
        _("adresse du service ou de sa page beta.gouv.fr"), max_length=500, blank=True
    )
    impact_figure = models.CharField(_("un chiffre d’impact"), max_length=300, blank=True)
    impact_source = models.CharField(_("sa source"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse au point de suivi")
        verbose_name_plural = _("réponses aux points de suivi")
        ordering = ["investigation", "month", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "month", "respondent"],
                name="one_check_in_answer_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(month__in=CHECK_IN_MONTHS), name="check_in_month_is_known"
            ),
            # A figure is only worth its source.
            models.CheckConstraint(
                condition=models.Q(impact_figure="") | ~models.Q(impact_source=""),
                name="check_in_figure_has_a_source",
            ),
        ]

    def __str__(self):
        return f"{self.investigation} — {self.month} mois — {self.respondent}"
