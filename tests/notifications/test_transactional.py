"""Emails that follow an action are notifications too: recorded with the change, sent once
it commits, and not sent if the action was undone in the meantime."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from incubateur.notifications import tasks
from incubateur.notifications.models import Notification
from investigations.notifications.actions import notify_help_request
from investigations.services import help_mark_handled, log_reopen
from programmes.services import invitation_accept, invitation_send
from tests.factories import UserFactory
from tests.investigations.factories import WeeklyLogFactory
from tests.programmes.factories import CollectivityFactory

pytestmark = pytest.mark.usefixtures("saturday")


def test_an_invitation_goes_to_an_address_once(django_capture_on_commit_callbacks):
    collectivity = CollectivityFactory(name="Ville du Havre")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(
            collectivity=collectivity, email="paul@lehavre.fr", role="agent", by=None
        )

    [email] = mail.outbox
    assert email.to == ["paul@lehavre.fr"]
    accept = f"http://127.0.0.1:8000/invitations/{invitation.token}/"
    assert email.body.startswith(f"Accepter l’invitation :\n{accept}\n")
    [(html, _mimetype)] = email.alternatives
    assert f'<a href="{accept}"' in html
    notification = Notification.objects.get()
    assert (notification.recipient, notification.email, notification.status) == (
        None,
        "paul@lehavre.fr",
        "sent",
    )
    assert tasks.deliver.delay(notification.pk).get() == ""
    assert len(mail.outbox) == 1


def test_an_invitation_accepted_before_its_email_leaves_is_not_sent():
    collectivity = CollectivityFactory()
    with transaction.atomic():  # its on-commit publication never runs here
        invitation = invitation_send(
            collectivity=collectivity, email="paul@lehavre.fr", role="agent", by=None
        )
    invitation_accept(invitation=invitation, user=UserFactory(email="paul@lehavre.fr"))

    assert tasks.deliver.delay(Notification.objects.get().pk).get() == "skipped"
    assert mail.outbox == []


def test_a_help_request_handled_before_its_email_leaves_is_not_sent(investigation):
    log = investigation.logs.get(week=8)
    log.help_request = "Un contact à la CAF ?"
    log.save()
    with transaction.atomic():
        notify_help_request(log=log)
    help_mark_handled(log=log, by=investigation.programme.coach)

    for notification in Notification.objects.all():
        tasks.deliver.delay(notification.pk)

    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {"skipped"}


def test_a_log_reopened_twice_is_announced_twice(
    investigation, clock, django_capture_on_commit_callbacks
):
    log = WeeklyLogFactory(investigation=investigation, week=9, submitted=True)
    coach = investigation.programme.coach
    with django_capture_on_commit_callbacks(execute=True):
        log_reopen(log=log, by=coach)
    with django_capture_on_commit_callbacks(execute=True):
        log_reopen(log=log, by=coach)  # the same day: the same reopening
    assert len(mail.outbox) == 1

    clock.move_to(timezone.now() + datetime.timedelta(days=10), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        log_reopen(log=log, by=coach)

    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="log_reopened").count() == 2
