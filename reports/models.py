import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from investigations.models import Investigation
from programmes.models import Programme


def report_path(instance, filename: str) -> str:
    # Private storage (MEDIA_ROOT, never served statically): a random name, read back only
    # through the download view, which checks access.
    return f"reports/{instance.programme_id}/{uuid.uuid4().hex}.pdf"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programme reports: the programme's selection committee (admins, its coach and
        designer, the referents of its collectivités). Investigation sheets: also the
        team's intrapreneurs. Never agents."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(programme__in=Programme.objects.selectable_by(user))
            | Q(investigation__in=Investigation.objects.visible_to(user))
        )

    def unfinished(self):
        return self.filter(status__in=[Report.Status.PENDING, Report.Status.RUNNING])

    def lost(self, now):
        """Running, but its worker has not stamped a heartbeat for a while: it died (killed,
        out of memory, machine lost) or was stopped by the hard time limit."""
        stale = now - datetime.timedelta(seconds=settings.REPORT_LOST_AFTER_SECONDS)
        return self.filter(status=Report.Status.RUNNING).filter(
            Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)
        )

    def to_publish(self, now):
        """Pending, and never published or published long enough ago that the message was
        lost (the broker was down, or restarted without it)."""
        again = now - datetime.timedelta(seconds=settings.REPORT_REPUBLISH_AFTER_SECONDS)
        return self.filter(status=Report.Status.PENDING).filter(
            Q(published_at__isnull=True, requested_at__lt=again) | Q(published_at__lt=again)
        )


class Report(models.Model):
    """A requested PDF: the programme's end-of-programme report or one investigation's
    sheet. Rendered by a Celery task (reports.tasks.generate_report); CSV exports are
    small and written on the fly, so they have no row.

    The status only moves forward, each step a conditional UPDATE (reports.services):
    pending → running (attempt n) → ready or failed. A running report whose
    worker died goes back to pending once (`MAX_ATTEMPTS`); the result of an attempt
    that is no longer the current one is dropped. Failed is final: retrying creates a new
    report."""

    MAX_ATTEMPTS = 2

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Rapport de fin de programme")
        SHEET = "sheet", _("Fiche d’investigation")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("En échec")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    investigation = models.ForeignKey(
        "investigations.Investigation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("investigation"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("fichier"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    # Stamped every few seconds by the rendering worker (reports/heartbeat.py).
    heartbeat_at = models.DateTimeField(_("dernier signe de vie"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)

    objects = ReportQuerySet.as_manager()

    class Meta:
        # The table the model had in the programmes app: moving it changed no data.
        db_table = "programmes_report"
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="programme") & Q(investigation__isnull=True))
                | (Q(kind="sheet") & Q(investigation__isnull=False)),
                name="report_sheet_has_its_investigation",
            )
        ]

    def __str__(self):
        if self.investigation_id:
            return f"{self.get_kind_display()} — {self.investigation}"
        return f"{self.get_kind_display()} — {self.programme}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.FAILED}

    @property
    def progress_note(self) -> str:
        """What is happening to an unfinished report, when it is not the obvious."""
        if self.is_finished or self.attempts == 0:
            return ""
        if self.status == self.Status.PENDING:
            return _(
                "La génération a été interrompue (arrêt du serveur de calcul) : "
                "un nouvel essai automatique commencera dès qu’il sera disponible."
            )
        return _("Nouvel essai automatique en cours, après une interruption.")

    def download_name(self) -> str:
        if self.kind == self.Kind.SHEET:
            return f"fiche-investigation-{self.investigation_id}.pdf"
        return f"rapport-{self.programme.slug}.pdf"
