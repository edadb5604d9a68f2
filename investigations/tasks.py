from celery import shared_task
from django.urls import reverse

from incubateur.emails import send_templated_email
from investigations.models import Comment, WeeklyLog

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


def _investigation_url(investigation) -> str:
    return reverse("investigations:investigation_detail", args=[investigation.pk])


@shared_task(**RETRY)
def send_comment_notification(comment_id: int) -> None:
    """A comment visible to the team reaches the team (never an ANCT-private one)."""
    comment = (
        Comment.objects.visible_to_team()
        .select_related("author", "investigation__submission", "log")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return
    recipients = [
        user.email
        for user in comment.investigation.team.exclude(pk=comment.author_id).order_by("email")
    ]
    if recipients:
        send_templated_email(
            "investigations/emails/comment",
            {"comment": comment, "url": _investigation_url(comment.investigation)},
            to=recipients,
        )


@shared_task(**RETRY)
def send_help_request(log_id: int) -> None:
    log = (
        WeeklyLog.objects.select_related(
            "investigation__submission",
            "investigation__programme__coach",
            "investigation__programme__designer",
        )
        .filter(pk=log_id)
        .first()
    )
    if log is None or not log.has_open_help_request:
        return
    programme = log.investigation.programme
    recipients = [user.email for user in (programme.coach, programme.designer) if user]
    if recipients:
        send_templated_email(
            "investigations/emails/help_request",
            {"log": log, "url": _investigation_url(log.investigation)},
            to=recipients,
        )


@shared_task(**RETRY)
def send_log_reopened(log_id: int) -> None:
    log = WeeklyLog.objects.select_related("investigation__submission").filter(pk=log_id).first()
    if log is None or not log.reopened_until:
        return
    recipients = sorted(user.email for user in log.authors.all())
    if recipients:
        send_templated_email(
            "investigations/emails/log_reopened",
            {"log": log, "url": _investigation_url(log.investigation)},
            to=recipients,
        )
