"""Emails that follow a team's or a coach's action: a comment, a help request, a reopened
log. Their text is in templates/investigations/emails/."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications.message import Message
from incubateur.notifications.registry import register
from incubateur.notifications.services import notify
from investigations.models import Comment, WeeklyLog


def investigation_path(investigation) -> str:
    return reverse("investigations:investigation_detail", args=[investigation.pk])


class CommentMessage(Message):
    kind = "comment"
    label = gettext_lazy("Nouveau commentaire")
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
    kind = "help_request"
    label = gettext_lazy("Demande d’aide au coach")
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

    kind = "log_reopened"
    label = gettext_lazy("Journal rouvert")
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


register(CommentMessage())
register(HelpRequestMessage())
register(LogReopenedMessage())


def notify_comment(*, comment) -> None:
    """A comment visible to the team reaches the rest of the team; a reply also reaches
    the author of the comment it answers (a coach answered by the team)."""
    if comment.reply_to_id and comment.reply_to.author_id != comment.author_id:
        notify(kind=CommentMessage.kind, obj=comment, recipient=comment.reply_to.author)
    if comment.is_private:
        return
    for user in comment.investigation.team.exclude(pk=comment.author_id).filter(is_active=True):
        notify(kind=CommentMessage.kind, obj=comment, recipient=user)


def notify_help_request(*, log) -> None:
    programme = log.investigation.programme
    for user in {programme.coach, programme.designer} - {None}:
        notify(kind=HelpRequestMessage.kind, obj=log, recipient=user)


def notify_log_reopened(*, log) -> None:
    for user in log.authors.filter(is_active=True):
        notify(
            kind=LogReopenedMessage.kind,
            obj=log,
            recipient=user,
            period=log.reopened_until.isoformat(),
        )
