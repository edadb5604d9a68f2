"""Creating notifications: the apps' services call these inside their transaction; the row
commits with their change, and `deliver` is published once it has."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from incubateur.notifications import tasks
from incubateur.notifications.models import Notification
from intrapreneurs.models import Candidacy, ProblemSubmission

Kind = Notification.Kind


def notify(*, kind: str, obj, recipient=None, email: str = "", period: str = "once"):
    """Record that `recipient` (a user, or only an `email` address) must receive this
    email about `obj` once for `period`, and publish it after the commit. Calling it again
    for the same key does nothing: the row already exists."""
    who = {"recipient": recipient} if recipient else {"recipient": None, "email": email}
    notification, created = Notification.objects.get_or_create(
        kind=kind,
        **who,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        period=period,
        defaults={"queued_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: tasks.publish([notification.pk]))
    return notification


def notify_invitation(*, invitation) -> None:
    notify(kind=Kind.INVITATION, obj=invitation, email=invitation.email)


def notify_submission_receipt(*, submission) -> None:
    notify(kind=Kind.SUBMISSION_RECEIPT, obj=submission, recipient=submission.author)


def notify_call_closed(*, programme) -> None:
    """Each author of a problem, submitted or draft, learns that the call is closed."""
    authors = (
        ProblemSubmission.objects.filter(programme=programme)
        .values_list("author", flat=True)
        .distinct()
    )
    for author in get_user_model().objects.filter(pk__in=authors, is_active=True):
        notify(kind=Kind.CALL_CLOSED, obj=programme, recipient=author)


def notify_selection_decisions(*, programme) -> None:
    """Each submitter learns what became of their problem; each candidate whether they
    join a team."""
    for submission in ProblemSubmission.objects.filter(programme=programme).submitted():
        notify(kind=Kind.SUBMISSION_DECISION, obj=submission, recipient=submission.author)
    for candidacy in Candidacy.objects.filter(programme=programme).select_related("agent"):
        notify(kind=Kind.CANDIDACY_DECISION, obj=candidacy, recipient=candidacy.agent)


def notify_comment(*, comment) -> None:
    """A comment visible to the team reaches the rest of the team; a reply also reaches
    the author of the comment it answers (a coach answered by the team)."""
    if comment.reply_to_id and comment.reply_to.author_id != comment.author_id:
        notify(kind=Kind.COMMENT, obj=comment, recipient=comment.reply_to.author)
    if comment.is_private:
        return
    for user in comment.investigation.team.exclude(pk=comment.author_id).filter(is_active=True):
        notify(kind=Kind.COMMENT, obj=comment, recipient=user)


def notify_help_request(*, log) -> None:
    programme = log.investigation.programme
    for user in {programme.coach, programme.designer} - {None}:
        notify(kind=Kind.HELP_REQUEST, obj=log, recipient=user)


def notify_log_reopened(*, log) -> None:
    for user in log.authors.filter(is_active=True):
        notify(
            kind=Kind.LOG_REOPENED, obj=log, recipient=user, period=log.reopened_until.isoformat()
        )


def notify_report_ready(*, report) -> None:
    notify(kind=Kind.REPORT_READY, obj=report, recipient=report.requested_by)
