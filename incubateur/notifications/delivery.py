"""Sending one notification, at most once, and keeping the scheduled ones in the database.

`deliver` claims the row with one conditional UPDATE, checks that the email still makes
sense, sends it and marks it sent. Two workers, a duplicated message or a retry find
nothing to claim. A worker that dies after its claim leaves a row that another claims
once the lease is over: the only window for a double send is a crash between the SMTP
server's acceptance and the UPDATE that follows it."""

import datetime
import logging
from smtplib import SMTPException

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from incubateur.notifications import registry
from incubateur.notifications.message import Due, Skip
from incubateur.notifications.models import MAX_ATTEMPTS, Notification

logger = logging.getLogger(__name__)

# What a retry may cure: the SMTP server refused, timed out or could not be reached.
SEND_ERRORS = (SMTPException, OSError)


def deliver(
    notification_id: int, *, now: datetime.datetime | None = None, final_attempt: bool = True
) -> str:
    """Send one notification if it is still pending and relevant at `now`; return its new
    status, or "" when there was nothing to claim. A send error releases the claim and
    propagates (for the task to retry), or marks it failed on the final attempt."""
    if not Notification.claim(notification_id, timezone.now()):
        return ""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    now = now or notification.claimed_at
    message = registry.message(notification.kind)
    try:
        obj = message.load(notification)
        reason = message.check(notification, obj, now)
        if reason:
            raise Skip(reason)
        email = message.render(notification, obj, now)
    except Skip as skip:
        notification.mark_skipped(str(skip))
        return Notification.Status.SKIPPED
    except Exception as error:
        # A bug or a database hiccup: the sweep tries again after the lease.
        notification.release(describe(error))
        raise
    try:
        email.send()
    except SEND_ERRORS as error:
        if final_attempt:
            notification.mark_failed(describe(error))
            logger.error("Notification %s failed: %s", notification_id, describe(error))
        else:
            notification.release(describe(error))
        raise
    notification.mark_sent(email.to[0])
    return Notification.Status.SENT


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def key(due: Due) -> dict:
    return {
        "kind": due.kind,
        "recipient": due.recipient,
        "content_type": ContentType.objects.get_for_model(due.obj),
        "object_id": due.obj.pk,
        "period": due.period,
    }


def create_due(dues: list[Due]) -> None:
    """Create the rows of what is due; those already there (whatever their status) are
    left alone: that is what makes each reminder go out once per period."""
    Notification.objects.bulk_create(
        [Notification(**key(due)) for due in dues], ignore_conflicts=True
    )


def existing(due: Due) -> Notification | None:
    return Notification.objects.filter(**key(due)).first()


def take_for_publishing(now: datetime.datetime, limit: int = 1000) -> list[int]:
    """The rows that no worker is about to deliver, stamped as published now so that the
    next sweep leaves them alone during the lease."""
    Notification.objects.exhausted(now).update(
        status=Notification.Status.FAILED,
        error=f"Abandonnée après {MAX_ATTEMPTS} tentatives.",
    )
    ids = list(Notification.objects.to_publish(now).order_by("pk").values_list("pk", flat=True))
    ids = ids[:limit]
    Notification.objects.filter(pk__in=ids).update(queued_at=now)
    return ids
