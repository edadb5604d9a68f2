from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.text import BoundedTextField
from investigations.models.core import Investigation


class Hypothesis(models.Model):
    class Status(models.TextChoices):
        TO_TEST = "to_test", _("À tester")
        VALIDATED = "validated", _("Validée")
        INVALIDATED = "invalidated", _("Invalidée")

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="hypotheses"
    )
    statement = BoundedTextField(max_length=text.SENTENCE, verbose_name=_("hypothèse"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.TO_TEST
    )
    evidence = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("éléments de preuve"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("hypothèse")
        verbose_name_plural = _("hypothèses")
        ordering = ["investigation", "created_at", "pk"]

    def __str__(self):
        return self.statement[:80]


class HypothesisChange(models.Model):
    """One step in how the team's understanding evolved: kept for every status change."""

    hypothesis = models.ForeignKey(Hypothesis, on_delete=models.CASCADE, related_name="changes")
    week = models.PositiveSmallIntegerField(_("semaine"))
    from_status = models.CharField(
        _("ancien statut"), max_length=12, choices=Hypothesis.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=12, choices=Hypothesis.Status.choices
    )
    evidence = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("éléments de preuve"), blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("évolution d’une hypothèse")
        verbose_name_plural = _("évolutions des hypothèses")
        ordering = ["hypothesis", "at", "pk"]

    def __str__(self):
        return f"{self.hypothesis} : {self.from_status or '—'} → {self.to_status}"
