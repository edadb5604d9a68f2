"""Thin tasks: `deliver` takes a notification's id; `send_due_notifications` (Celery beat,
every five minutes) creates what is due and publishes what no worker is about to send.

Publishing never fails a request nor holds it for long when Redis is down: the error is
logged, the row stays pending, and the next `send_due_notifications` publishes it."""

import logging
import time

from celery import current_app, shared_task
from django.utils import timezone
from kombu.exceptions import OperationalError

from incubateur.notifications import delivery, registry
from incubateur.notifications.models import DELIVERY_TIME_LIMIT, Notification

logger = logging.getLogger(__name__)

# One attempt, no waiting: kombu's own connection retries would hold the request for
# seconds (retry=False takes its slower path: about 6 s against a closed port).
PUBLISH_OPTIONS = {"retry": True, "retry_policy": {"max_retries": 0}}
# After a failure, this process stops trying for a while: a request that notifies ten
# people pays for one failed connection, not ten.
PAUSE_AFTER_FAILURE = 30.0
_paused_until = 0.0


@shared_task(
    bind=True,
    # Ends a send still running, so that no live worker holds a claim past its lease.
    time_limit=DELIVERY_TIME_LIMIT,
    autoretry_for=delivery.SEND_ERRORS,
    retry_backoff=30,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def deliver(self, notification_id: int) -> str:
    return delivery.deliver(notification_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(expires=240)
def send_due_notifications() -> int:
    now = timezone.now()
    delivery.create_due(registry.due_at(now))
    return publish(delivery.take_for_publishing(now))


def publish(ids: list[int]) -> int:
    """Queue one `deliver` per notification; return how many were queued. Those that could
    not be are marked unpublished for the next sweep."""
    global _paused_until
    if current_app.conf.task_always_eager:
        for notification_id in ids:
            deliver.delay(notification_id)
        return len(ids)
    for index, notification_id in enumerate(ids):
        try:
            if time.monotonic() < _paused_until:
                raise OperationalError("publishing paused after a broker failure")
            deliver.apply_async(args=[notification_id], **PUBLISH_OPTIONS)
        except (OperationalError, OSError) as error:
            _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
            unpublished = ids[index:]
            Notification.objects.filter(pk__in=unpublished).update(queued_at=None)
            logger.warning(
                "Broker unreachable (%s): %s notification(s) left for the next sweep.",
                error,
                len(unpublished),
            )
            return index
    return len(ids)
