"""Emails that follow an action: an invitation, a receipt, the selection's decisions, a
comment, a help request, a reopened log, a report ready to download. Their text is the
apps' own templates."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.notifications.message import Message, Skip
from incubateur.notifications.models import Notification
from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations.models import Comment, WeeklyLog
from programmes.models import Invitation, Programme
from reports.models import Report

Kind = Notification.Kind


def investigation_path(investigation) -> str:
    return reverse("investigations:investigation_detail", args=[investigation.pk])


class InvitationMessage(Message):
    kind = Kind.INVITATION
    model = Invitation
    related = ("collectivity", "invited_by")
    template = "programmes/emails/invitation"

    def skip_reason(self, notification, invitation, now):
        if not invitation.is_usable:
            return _("L’invitation a été acceptée ou a expiré.")
        return ""

    def context(self, notification, invitation, now):
        return {"invitation": invitation}

    def action(self, notification, invitation):
        path = reverse("programmes:invitation_accept", args=[invitation.token])
        return _("Accepter l’invitation"), path


class SubmissionReceiptMessage(Message):
    kind = Kind.SUBMISSION_RECEIPT
    model = ProblemSubmission
    related = ("author", "programme")
    template = "intrapreneurs/emails/receipt"

    def skip_reason(self, notification, submission, now):
        return _("Le problème est redevenu un brouillon.") if submission.is_draft else ""

    def context(self, notification, submission, now):
        return {"submission": submission}

    def action(self, notification, submission):
        path = reverse("intrapreneurs:submission_detail", args=[submission.pk])
        return _("Voir ou compléter votre problème"), path


class CallClosedMessage(Message):
    """To each author of a problem when the call closes: what goes to the committee, and
    the drafts that will not."""

    kind = Kind.CALL_CLOSED
    model = Programme
    template = "intrapreneurs/emails/call_closed"

    def skip_reason(self, notification, programme, now):
        if programme.status in {Programme.Status.DRAFT, Programme.Status.CALL_OPEN}:
            return _("L’appel n’est pas clos.")
        return ""

    def context(self, notification, programme, now):
        problems = list(
            ProblemSubmission.objects.filter(
                programme=programme, author=notification.recipient
            ).order_by("title")
        )
        if not problems:
            raise Skip(_("Le destinataire n’a aucun problème dans cet appel."))
        return {
            "programme": programme,
            "submitted": [problem for problem in problems if not problem.is_draft],
            "drafts": [problem for problem in problems if problem.is_draft],
        }

    def action(self, notification, programme):
        return _("Voir vos problèmes"), reverse("intrapreneurs:call_detail", args=[programme.slug])


class SubmissionDecisionMessage(Message):
    kind = Kind.SUBMISSION_DECISION
    model = ProblemSubmission
    related = ("author", "programme")
    template = "intrapreneurs/emails/decision"

    def skip_reason(self, notification, submission, now):
        decided = {ProblemSubmission.AuthorStatus.SELECTED, ProblemSubmission.AuthorStatus.DECLINED}
        # Provisional decisions stay inside the committee until the finalisation.
        if submission.author_status in decided:
            return ""
        return _("Aucune décision annoncée sur ce problème.")

    def context(self, notification, submission, now):
        return {"submission": submission}

    def action(self, notification, submission):
        path = reverse("intrapreneurs:submission_detail", args=[submission.pk])
        return _("Voir votre problème"), path


class CandidacyDecisionMessage(Message):
    kind = Kind.CANDIDACY_DECISION
    model = Candidacy
    related = ("agent", "programme")
    template = "intrapreneurs/emails/candidacy_decision"

    def skip_reason(self, notification, candidacy, now):
        decided = {Programme.Status.INVESTIGATION, Programme.Status.CLOSED}
        return "" if candidacy.programme.status in decided else _("La sélection n’est pas finie.")

    def context(self, notification, candidacy, now):
        problems = list(candidacy.assigned_problems.select_related("investigation"))
        return {"candidacy": candidacy, "problems": problems}

    def action(self, notification, candidacy):
        problem = candidacy.assigned_problems.select_related("investigation").first()
        if problem is not None and hasattr(problem, "investigation"):
            return _("Découvrir votre investigation"), investigation_path(problem.investigation)
        return _("Ouvrir votre espace"), reverse("home")


class CommentMessage(Message):
    kind = Kind.COMMENT
    model = Comment
    related = ("author", "log", "investigation__submission", "reply_to")
    template = "investigations/emails/comment"

    def skip_reason(self, notification, comment, now):
        # The author of the comment a reply answers reads it, whoever they are.
        if comment.reply_to_id and comment.reply_to.author_id == notification.recipient_id:
            return ""
        if comment.is_private:
            return _("Le commentaire est réservé à l’équipe de l’ANCT.")
        if not comment.investigation.team.filter(pk=notification.recipient_id).exists():
            return _("Le destinataire n’est plus dans l’équipe.")
        return ""

    def context(self, notification, comment, now):
        return {"comment": comment}

    def action(self, notification, comment):
        return _("Lire et répondre"), investigation_path(comment.investigation)


class HelpRequestMessage(Message):
    kind = Kind.HELP_REQUEST
    model = WeeklyLog
    related = ("investigation__submission", "investigation__programme")
    template = "investigations/emails/help_request"

    def skip_reason(self, notification, log, now):
        if not log.has_open_help_request:
            return _("La demande d’aide est déjà traitée.")
        programme = log.investigation.programme
        if notification.recipient_id not in {programme.coach_id, programme.designer_id}:
            return _("Le destinataire ne suit plus ce programme.")
        return ""

    def context(self, notification, log, now):
        return {"log": log}

    def action(self, notification, log):
        return _("Répondre à l’équipe"), investigation_path(log.investigation)


class LogReopenedMessage(Message):
    """Its period is the reopening's end date: a log reopened again is announced again."""

    kind = Kind.LOG_REOPENED
    model = WeeklyLog
    related = ("investigation__submission",)
    template = "investigations/emails/log_reopened"

    def skip_reason(self, notification, log, now):
        until = log.reopened_until
        if until is None or until.isoformat() != notification.period:
            return _("Le journal n’est plus rouvert jusqu’à cette date.")
        if until < timezone.localtime(now).date():
            return _("La réouverture du journal est terminée.")
        return ""

    def context(self, notification, log, now):
        return {"log": log}

    def action(self, notification, log):
        path = reverse("investigations:log_form", args=[log.investigation_id, log.week])
        return _("Compléter le journal"), path


class ReportReadyMessage(Message):
    kind = Kind.REPORT_READY
    model = Report
    related = ("programme", "investigation__submission")
    template = "programmes/emails/report_ready"

    def skip_reason(self, notification, report, now):
        return "" if report.status == Report.Status.READY else _("Le rapport n’est plus prêt.")

    def context(self, notification, report, now):
        return {"report": report}

    def action(self, notification, report):
        return _("Télécharger le rapport"), reverse("programmes:report_download", args=[report.pk])
