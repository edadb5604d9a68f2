import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.attachments import Attachment
from incubateur.text import BoundedCharField, BoundedTextField
from investigations.models.core import Investigation, WeeklySession


class WeeklyLogQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=WeeklyLog.Status.SUBMITTED)

    def with_open_help_request(self):
        return self.submitted().exclude(help_request="").filter(help_handled_at__isnull=True)


class WeeklyLog(models.Model):
    """The journal de bord of one investigation for one week."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyé")

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="logs")
    session = models.ForeignKey(WeeklySession, on_delete=models.CASCADE, related_name="logs")
    week = models.PositiveSmallIntegerField(_("semaine"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    hours_spent = models.DecimalField(
        _("temps passé (heures)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    activities = BoundedTextField(
        max_length=text.LOG_FIELD,
        verbose_name=_("activités"),
        blank=True,
        help_text=_("Entretiens, observations, ateliers, lectures…"),
    )
    usagers_met = models.PositiveSmallIntegerField(_("usagers rencontrés"), default=0)
    agents_met = models.PositiveSmallIntegerField(_("agents rencontrés"), default=0)
    partners_met = models.PositiveSmallIntegerField(_("partenaires rencontrés"), default=0)
    # Never shown outside the investigation: the fiche problème is checked against them
    # before publication, so that nobody met is named in public. Erased
    # PEOPLE_MET_RETENTION_DAYS after the programme closes (investigations.retention);
    # the counts above stay.
    people_met_names = BoundedTextField(
        max_length=text.LOG_FIELD,
        verbose_name=_("noms des personnes rencontrées"),
        blank=True,
        help_text=_(
            "Facultatif, un nom par ligne (prénom et nom). Ils restent dans l’investigation : "
            "la fiche problème publique ne peut pas les contenir, et ils sont effacés "
            "quelques mois après la clôture du programme (les nombres restent)."
        ),
    )
    key_learnings = BoundedTextField(
        max_length=text.LOG_LEARNINGS, verbose_name=_("principaux apprentissages"), blank=True
    )
    hypotheses_tested = models.ManyToManyField(
        "investigations.Hypothesis",
        blank=True,
        related_name="logs",
        verbose_name=_("hypothèses testées"),
    )
    blockers = BoundedTextField(max_length=text.LOG_FIELD, verbose_name=_("blocages"), blank=True)
    help_request = BoundedTextField(
        max_length=text.LOG_FIELD,
        verbose_name=_("aide demandée au coach"),
        blank=True,
        help_text=_("Le coach et le designer sont prévenus dès l’envoi du journal."),
    )
    help_handled_at = models.DateTimeField(_("aide traitée le"), null=True, blank=True)
    help_handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    next_steps = BoundedTextField(
        max_length=text.LOG_FIELD, verbose_name=_("prochaines étapes"), blank=True
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="weekly_logs", verbose_name=_("auteurs")
    )
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # A coach can reopen a locked log until this date.
    reopened_until = models.DateField(_("rouvert jusqu’au"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = WeeklyLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal de bord")
        verbose_name_plural = _("journaux de bord")
        ordering = ["investigation", "week"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "week"], name="one_log_per_week"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_log_has_its_date",
            ),
        ]

    def __str__(self):
        return f"{self.investigation} — semaine {self.week}"

    @property
    def people_met(self) -> int:
        return self.usagers_met + self.agents_met + self.partners_met

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def has_open_help_request(self) -> bool:
        return self.is_submitted and bool(self.help_request) and self.help_handled_at is None

    @property
    def editable_until(self) -> datetime.date:
        """The last day the team may edit it: the end of the week after its session, or
        the end of its reopening when that is later. The one deadline every page shows."""
        deadline = self.session.log_deadline
        if self.reopened_until and self.reopened_until > deadline:
            return self.reopened_until
        return deadline

    def is_locked(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return today > self.editable_until


def log_attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the database only.
    return f"logs/{instance.log_id}/{uuid.uuid4().hex}{instance.extension}"


class LogAttachment(Attachment):
    log = models.ForeignKey(WeeklyLog, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=log_attachment_path)

    class Meta(Attachment.Meta):
        verbose_name = _("pièce jointe du journal")
        verbose_name_plural = _("pièces jointes du journal")


class LogFigure(models.Model):
    """A figure found during the week, with where it comes from."""

    log = models.ForeignKey(WeeklyLog, on_delete=models.CASCADE, related_name="figures")
    figure = BoundedCharField(
        verbose_name=_("chiffre"),
        max_length=300,
        help_text=_("Par exemple : « 32 % des rendez-vous »"),
    )
    source = BoundedCharField(
        verbose_name=_("source"),
        max_length=300,
        help_text=_("Par exemple : « logiciel d’agenda, 2025 »"),
    )

    class Meta:
        verbose_name = _("chiffre")
        verbose_name_plural = _("chiffres")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.figure} ({self.source})"
