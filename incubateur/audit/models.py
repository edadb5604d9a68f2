"""The audit trail: who did what and when. Rows are written once, by
`incubateur.audit.services.record`, inside the transaction of the change they record;
they are never edited nor deleted (the admin only reads them)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableAuditEvent(Exception):
    """An audit event was about to be changed or deleted."""


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SUBMISSION_CREATED = "submission.created", _("Problème enregistré en brouillon")
        SUBMISSION_SUBMITTED = "submission.submitted", _("Problème soumis")
        SUBMISSION_UPDATED = "submission.updated", _("Problème modifié")
        SUBMISSION_STATUS_CHANGED = "submission.status_changed", _("Statut d’un problème changé")
        SUBMISSION_WITHDRAWN = "submission.withdrawn", _("Problème retiré de l’appel")
        SUBMISSION_DELETED = "submission.deleted", _("Brouillon de problème supprimé")
        CANDIDACY_SAVED = "candidacy.saved", _("Candidature enregistrée")
        REVIEW_SAVED = "review.saved", _("Évaluation enregistrée")
        TEAM_ASSIGNED = "team.assigned", _("Équipe affectée")
        SELECTION_FINALISED = "selection.finalised", _("Sélection finalisée")
        PROGRAMME_TRANSITIONED = "programme.transitioned", _("Programme passé à l’étape suivante")
        PROGRAMME_TEAM_CHANGED = "programme.team_changed", _("Coach ou designer désigné")
        LOG_SAVED = "log.saved", _("Journal de bord enregistré")
        LOG_REOPENED = "log.reopened", _("Journal de bord rouvert")
        LOG_HELP_HANDLED = "log.help_handled", _("Demande d’aide traitée")
        HYPOTHESIS_ADDED = "hypothesis.added", _("Hypothèse ajoutée")
        HYPOTHESIS_UPDATED = "hypothesis.updated", _("Hypothèse modifiée")
        COMMENT_POSTED = "comment.posted", _("Commentaire publié")
        ATTENDANCE_SET = "attendance.set", _("Présence enregistrée")
        MILESTONE_MARKED = "milestone.marked", _("Jalon mis à jour")
        COMMITTEE_SAVED = "committee.saved", _("Grille du comité enregistrée")
        CONCLUSION_SAVED = "conclusion.saved", _("Conclusion enregistrée")
        NEXT_STEP_SAVED = "next_step.saved", _("Suite donnée au comité enregistrée")
        CHECK_IN_ANSWERED = "check_in.answered", _("Réponse à un point de suivi")
        PEOPLE_MET_PURGED = "people_met.purged", _("Détails des personnes rencontrées effacés")
        MEMBERSHIP_CREATED = "membership.created", _("Membre ajouté à une collectivité")
        MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", _("Rôle d’un membre changé")
        MEMBERSHIP_REMOVED = "membership.removed", _("Membre retiré d’une collectivité")
        INVITATION_SENT = "invitation.sent", _("Invitation envoyée")
        INVITATION_ACCEPTED = "invitation.accepted", _("Invitation acceptée")
        INVITATION_CANCELLED = "invitation.cancelled", _("Invitation annulée")
        USER_ADMIN_GRANTED = "user.admin_granted", _("Droits d’administration accordés")
        USER_ADMIN_REVOKED = "user.admin_revoked", _("Droits d’administration retirés")
        USER_ANONYMISED = "user.anonymised", _("Compte anonymisé")
        REPORT_REQUESTED = "report.requested", _("Rapport PDF demandé")
        REPORT_DOWNLOADED = "report.downloaded", _("Rapport PDF téléchargé")
        EXPORT_DOWNLOADED = "export.downloaded", _("Export CSV téléchargé")
        ATTACHMENT_DOWNLOADED = "attachment.downloaded", _("Pièce jointe téléchargée")
        ATTACHMENT_DELETED = "attachment.deleted", _("Pièce jointe supprimée")

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    # Only the link: anonymising a user (RGPD) anonymises their events with them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type d’objet"),
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l’objet"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("objet"), max_length=255, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("programme"),
    )
    collectivity = models.ForeignKey(
        "programmes.Collectivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("collectivité"),
    )
    # Small structured values (statuses, scores, field names), never users' free text.
    changes = models.JSONField(
        _("changements"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    class Meta:
        verbose_name = _("événement d’audit")
        verbose_name_plural = _("journal d’audit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} — {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableAuditEvent("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableAuditEvent("Audit events are never deleted.")
