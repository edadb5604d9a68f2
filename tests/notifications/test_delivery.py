"""Sending exactly once: the claim, its lease, retries on SMTP errors, and the sweep that
publishes again what no worker is about to send."""

import datetime
import smtplib

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from incubateur.notifications import delivery, tasks
from incubateur.notifications.models import (
    DELIVERY_TIME_LIMIT,
    LEASE,
    MAX_ATTEMPTS,
    SENDING_LEASE,
    Notification,
)
from investigations.notifications.actions import notify_comment
from tests.investigations.factories import CommentFactory

pytestmark = pytest.mark.usefixtures("saturday")


@pytest.fixture
def notification(investigation):
    """A comment's notification to one intrapreneur, recorded but not yet sent."""
    comment = CommentFactory(investigation=investigation, body="Bien vu.")
    with transaction.atomic():
        notify_comment(comment=comment)  # its on-commit publication never runs here
    notification = Notification.objects.filter(kind="comment").first()
    Notification.objects.exclude(pk=notification.pk).delete()
    return notification


@pytest.fixture
def flaky_smtp(monkeypatch):
    """The SMTP server refuses the first `failures` messages."""
    state = {"failures": 0, "calls": 0}
    send = EmailMultiAlternatives.send

    def flaky_send(self, *args, **kwargs):
        state["calls"] += 1
        if state["calls"] <= state["failures"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky_send)
    return state


def test_delivering_sends_once_and_marks_it_sent(notification):
    assert tasks.deliver.delay(notification.pk).get() == "sent"

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert notification.email == notification.recipient.email
    assert notification.sent_at is not None
    [email] = mail.outbox
    assert email.to == [notification.recipient.email]


def test_a_second_delivery_of_the_same_notification_sends_nothing(notification):
    tasks.deliver.delay(notification.pk)

    assert tasks.deliver.delay(notification.pk).get() == ""
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_notification_held_by_a_live_worker_is_left_alone(notification):
    held_since = timezone.now() - SENDING_LEASE + datetime.timedelta(seconds=30)
    Notification.objects.filter(pk=notification.pk).update(status="sending", claimed_at=held_since)

    assert delivery.deliver(notification.pk) == ""
    assert mail.outbox == []


def test_a_notification_whose_worker_died_is_claimed_again_after_the_lease(notification):
    held_since = timezone.now() - SENDING_LEASE - datetime.timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", claimed_at=held_since, attempts=1
    )

    assert delivery.deliver(notification.pk) == "sent"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_an_smtp_error_releases_the_claim_and_the_task_retries(notification, flaky_smtp):
    flaky_smtp["failures"] = 1

    with pytest.raises(Retry):
        tasks.deliver.delay(notification.pk)

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert mail.outbox == []
    tasks.deliver.apply(args=[notification.pk], retries=1)  # the retry Celery scheduled
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


def test_a_released_notification_is_pending_with_the_error(notification, flaky_smtp):
    flaky_smtp["failures"] = 1

    with pytest.raises(smtplib.SMTPServerDisconnected):
        delivery.deliver(notification.pk, final_attempt=False)

    notification.refresh_from_db()
    assert notification.status == "pending"
    assert notification.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    # The sweep leaves it to the task's retry, which comes within the lease.
    assert notification.pk not in delivery.take_for_publishing(timezone.now())
    later = timezone.now() + LEASE + datetime.timedelta(seconds=1)
    assert notification.pk in delivery.take_for_publishing(later)


def test_after_the_last_retry_the_notification_fails_with_its_error(notification, flaky_smtp):
    flaky_smtp["failures"] = 1

    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.deliver.apply(args=[notification.pk], retries=tasks.deliver.max_retries)

    notification.refresh_from_db()
    assert notification.status == "failed"
    assert notification.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert tasks.send_due_notifications() == 0  # failed is final
    assert mail.outbox == []


def test_the_retry_delays_stay_short():
    assert tasks.deliver.retry_backoff_max <= 300
    assert tasks.deliver.max_retries * tasks.deliver.retry_backoff_max < LEASE.total_seconds() * 6


def test_a_skipped_notification_is_not_sent(notification):
    notification.obj.delete()

    assert delivery.deliver(notification.pk) == "skipped"
    notification.refresh_from_db()
    assert notification.error == "L’objet de la notification n’existe plus."
    assert mail.outbox == []


def test_the_sweep_publishes_what_was_never_published(notification):
    Notification.objects.filter(pk=notification.pk).update(queued_at=None)

    assert tasks.send_due_notifications() == 1
    notification.refresh_from_db()
    assert notification.status == "sent"


def test_the_sweep_leaves_alone_what_was_just_published(notification):
    # notify() stamps the row as published: its own task is on its way.
    assert tasks.send_due_notifications() == 0
    assert mail.outbox == []


def test_the_sweep_delivers_what_a_dead_worker_held_once_the_sending_lease_is_over(notification):
    """Published, then claimed by a worker killed while sending: the next sweep after the
    sending lease (3 minutes, not the 10 of a retry) publishes it again, once."""
    claimed = timezone.now() - SENDING_LEASE - datetime.timedelta(seconds=1)
    published = claimed - datetime.timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", claimed_at=claimed, queued_at=published, attempts=1
    )

    assert tasks.send_due_notifications() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_a_dead_workers_notification_is_published_again_once_not_at_every_sweep(notification):
    claimed = timezone.now() - SENDING_LEASE - datetime.timedelta(seconds=1)
    Notification.objects.filter(pk=notification.pk).update(
        status="sending",
        claimed_at=claimed,
        queued_at=claimed - datetime.timedelta(seconds=1),
        attempts=1,
    )

    assert delivery.take_for_publishing(timezone.now()) == [notification.pk]
    assert delivery.take_for_publishing(timezone.now()) == []


def test_the_sending_lease_outlasts_a_send_cut_by_the_hard_time_limit():
    assert tasks.deliver.time_limit == DELIVERY_TIME_LIMIT
    assert DELIVERY_TIME_LIMIT < SENDING_LEASE.total_seconds() < LEASE.total_seconds()


def test_the_sweep_gives_up_after_too_many_attempts(notification):
    late = timezone.now() - LEASE - datetime.timedelta(minutes=1)
    Notification.objects.filter(pk=notification.pk).update(
        status="sending", claimed_at=late, queued_at=late, attempts=MAX_ATTEMPTS
    )

    assert tasks.send_due_notifications() == 0
    notification.refresh_from_db()
    assert notification.status == "failed"
    assert mail.outbox == []


def test_notifying_twice_records_one_notification(investigation):
    comment = CommentFactory(investigation=investigation)

    notify_comment(comment=comment)
    notify_comment(comment=comment)

    assert Notification.objects.filter(kind="comment").count() == investigation.team.count()
