"""With Redis unreachable, the request that triggers a notification still succeeds at
once; the notification waits in the database and goes out on the next five-minute run."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from incubateur.celery import app as celery_app
from incubateur.notifications import tasks
from incubateur.notifications.models import Notification

UNREACHABLE = "redis://127.0.0.1:1/0"
pytestmark = pytest.mark.usefixtures("saturday")


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks are published for real, to a closed port; `recover()` brings the broker back
    (eager tasks, as everywhere else in the tests)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    monkeypatch.setattr(tasks, "_paused_until", 0.0)

    def switch(broker_url, eager):
        conf.broker_url, conf.task_always_eager = broker_url, eager
        # Forget the app's pools of connections and producers to the previous broker
        # (kombu keeps one per broker URL; Celery resets these two after a fork).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    switch(UNREACHABLE, False)
    yield lambda: switch(*saved)
    switch(*saved)


def test_a_comment_posted_while_the_broker_is_down_is_emailed_on_the_next_run(
    client, investigation, broker_down, django_capture_on_commit_callbacks, caplog
):
    author, other = investigation.team.order_by("pk")
    client.force_login(author)
    url = reverse("investigations:comment_create", args=[investigation.pk])

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Le CCAS nous reçoit mardi."})
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 3
    assert mail.outbox == []
    notification = Notification.objects.get()
    assert (notification.status, notification.queued_at) == ("pending", None)
    assert "Broker unreachable" in caplog.text

    broker_down()  # Redis is back
    tasks.send_due_notifications()

    [email] = mail.outbox
    assert email.to == [other.email]
    assert "Le CCAS nous reçoit mardi." in email.body
    notification.refresh_from_db()
    assert notification.status == "sent"


def test_after_a_failure_publishing_pauses_instead_of_waiting_again(investigation, broker_down):
    notifications = [
        Notification.objects.create(kind="comment", recipient=user, obj=investigation)
        for user in investigation.team.all()
    ]

    started = time.monotonic()
    assert tasks.publish([n.pk for n in notifications]) == 0
    assert tasks.publish([notifications[0].pk]) == 0
    assert time.monotonic() - started < 3
    assert not Notification.objects.filter(queued_at__isnull=False).exists()
