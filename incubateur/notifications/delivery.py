"""Sending one notification, at most once, and keeping the scheduled ones in the database.

`deliver` claims the row with one conditional UPDATE, checks that the email still makes
sense, sends it and marks it sent. Two workers, a duplicated message or a retry find
nothing to claim. A worker that dies after its claim leaves a row that another claims
once the lease is over: the only window for a double send is a crash between the SMTP
server's acceptance and the UPDATE that follows it."""

import datetime
import logging
import operator
from collections import defaultdict
from functools import reduce
from smtplib import SMTPException

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
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


def identity(due: Due) -> tuple:
    """The due's key, as `existing_for` indexes the rows (notification_once_per_recipient)."""
    content_type = ContentType.objects.get_for_model(due.obj)
    return (due.kind, due.recipient.pk, content_type.pk, due.obj.pk, due.period)


def existing_for(dues: list[Due]) -> dict[tuple, Notification]:
    """The rows already created for `dues`, by their `identity`, in one query whatever
    their number. Dues are grouped by kind, model and period (a few groups: today's
    reminders, this week's digest), each group read through the unique index by its
    recipients and objects; the exact keys are matched here."""
    wanted = {identity(due) for due in dues}
    groups = defaultdict(lambda: (set(), set()))
    for kind, recipient_id, content_type_id, object_id, period in wanted:
        recipients, objects = groups[kind, content_type_id, period]
        recipients.add(recipient_id)
        objects.add(object_id)
    if not groups:
        return {}
    rows = Notification.objects.filter(
        reduce(
            operator.or_,
            (
                Q(
                    kind=kind,
                    content_type=content_type_id,
                    period=period,
                    recipient__in=recipients,
                    object_id__in=objects,
                )
                for (kind, content_type_id, period), (recipients, objects) in groups.items()
            ),
        )
    ).order_by()
    found = {
        (row.kind, row.recipient_id, row.content_type_id, row.object_id, row.period): row
        for row in rows
    }
    return {key: row for key, row in found.items() if key in wanted}


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
