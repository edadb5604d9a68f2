"""The notification log in the admin: filters, search, read-only, and sending failed
notifications again."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    return client


@pytest.fixture
def log(investigation):
    coach = investigation.programme.coach
    member = investigation.team.first()
    return {
        "sent": Notification.objects.create(
            kind="comment", recipient=member, obj=investigation, status="sent"
        ),
        "failed": Notification.objects.create(
            kind="digest",
            recipient=coach,
            obj=coach,
            period="2026-W48",
            status="failed",
            attempts=6,
            error="SMTPServerDisconnected: Connection unexpectedly closed",
        ),
    }


CHANGELIST = reverse("admin:notifications_notification_changelist")
COMMENT_ROW = '<td class="field-kind">Nouveau commentaire</td>'
DIGEST_ROW = '<td class="field-kind">Récapitulatif hebdomadaire</td>'


def test_the_log_filters_by_kind_status_and_date(admin_client, log):
    response = admin_client.get(CHANGELIST, {"kind__exact": "digest", "status__exact": "failed"})

    assertContains(response, DIGEST_ROW)
    assertNotContains(response, COMMENT_ROW)
    created = log["sent"].created_at
    by_day = {
        "created_at__year": created.year,
        "created_at__month": created.month,
        "created_at__day": created.day,
        "status__exact": "sent",
    }
    response = admin_client.get(CHANGELIST, by_day)
    assertContains(response, COMMENT_ROW)
    assertNotContains(response, DIGEST_ROW)


def test_the_log_searches_addresses_and_errors(admin_client, log):
    response = admin_client.get(CHANGELIST, {"q": "SMTPServerDisconnected"})

    assertContains(response, DIGEST_ROW)
    assertNotContains(response, COMMENT_ROW)
    response = admin_client.get(CHANGELIST, {"q": log["sent"].recipient.email})
    assertContains(response, COMMENT_ROW)


def test_the_log_is_read_only(admin_client, log):
    change = reverse("admin:notifications_notification_change", args=[log["sent"].pk])

    response = admin_client.get(change)

    assertContains(response, "Nouveau commentaire")
    assertNotContains(response, 'name="_save"')
    assert admin_client.post(change, {"status": "pending"}).status_code == 403
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_failed_notifications_are_sent_again_on_the_next_run(admin_client, log):
    admin_client.post(
        CHANGELIST,
        {"action": "requeue", "_selected_action": [log["failed"].pk, log["sent"].pk]},
    )

    log["failed"].refresh_from_db()
    log["sent"].refresh_from_db()
    assert (log["failed"].status, log["failed"].attempts, log["failed"].error) == (
        "pending",
        0,
        "",
    )
    assert log["sent"].status == "sent"
