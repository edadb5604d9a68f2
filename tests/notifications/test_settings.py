"""The schedule, the sender and the reply-to address come from the settings."""

import os
import subprocess
import sys

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction

from incubateur.notifications import tasks
from incubateur.notifications.models import Notification
from intrapreneurs.notifications import notify_submission_receipt
from tests.celery_worker import REPO_ROOT
from tests.intrapreneurs.factories import ProblemSubmissionFactory


def test_one_frequent_task_in_paris_time_selects_what_is_due():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-due-notifications"]

    assert entry["task"] == tasks.send_due_notifications.name
    assert entry["schedule"] == crontab(minute="*/5")
    assert django_settings.CELERY_TIMEZONE == "Europe/Paris"


def test_the_sender_and_the_reply_to_address_come_from_the_settings(settings):
    settings.NOTIFICATIONS_FROM_EMAIL = "Investigations <ne-pas-repondre@anct.gouv.fr>"
    settings.NOTIFICATIONS_REPLY_TO = ["incubateur@anct.gouv.fr"]
    submission = ProblemSubmissionFactory(submitted=True)
    with transaction.atomic():
        notify_submission_receipt(submission=submission)

    tasks.deliver.delay(Notification.objects.get().pk)

    [email] = mail.outbox
    assert email.from_email == "Investigations <ne-pas-repondre@anct.gouv.fr>"
    assert email.reply_to == ["incubateur@anct.gouv.fr"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "['Incubateur des territoires <investigations@incubateur.anct.gouv.fr>', []]"),
        (
            {"NOTIFICATIONS_FROM_EMAIL": "a@x.fr", "NOTIFICATIONS_REPLY_TO": "b@x.fr, c@x.fr"},
            "['a@x.fr', ['b@x.fr', 'c@x.fr']]",
        ),
    ],
)
def test_the_environment_sets_them(env, expected):
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import incubateur.settings as s; "
            "print([s.NOTIFICATIONS_FROM_EMAIL, s.NOTIFICATIONS_REPLY_TO])",
        ],
        cwd=REPO_ROOT,
        env={**base, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
