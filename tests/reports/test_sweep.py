"""The sweep (every minute): publishes again what was not published, takes again once a
report whose worker died (its heartbeat stopped), fails one that died twice or ran past
its time limit; the page says what is happening."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from reports import tasks
from reports.heartbeat import Heartbeat
from reports.models import Report
from tests.reports.conftest import build_programme

INTERRUPTED_NOTE = "La génération a été interrompue (arrêt du serveur de calcul)"


@pytest.fixture
def programme():
    return build_programme(investigations=1)


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def running(programme, *, attempts=1, heartbeat=None, started=None):
    started = started or ago(minutes=3)
    return Report.objects.create(
        programme=programme,
        kind="programme",
        status="running",
        attempts=attempts,
        started_at=started,
        heartbeat_at=heartbeat or started,
    )


def test_the_sweep_publishes_forgotten_reports_only(programme):
    forgotten = Report.objects.create(programme=programme, kind="programme")
    Report.objects.filter(pk=forgotten.pk).update(requested_at=ago(hours=1))
    just_asked = Report.objects.create(programme=programme, kind="programme")
    queued = Report.objects.create(programme=programme, kind="programme")
    Report.objects.filter(pk=queued.pk).update(
        requested_at=ago(hours=1), published_at=ago(seconds=30)
    )

    assert tasks.sweep_reports() == 1

    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {forgotten.pk: "ready", just_asked.pk: "pending", queued.pk: "pending"}


def test_a_report_whose_worker_died_is_taken_again_and_ends_ready(programme):
    lost = running(programme, heartbeat=ago(minutes=2))

    assert tasks.sweep_reports() == 1

    lost.refresh_from_db()
    assert (lost.status, lost.attempts, lost.pages > 0) == ("ready", 2, True)


def test_a_report_that_lost_its_worker_twice_fails_with_a_reason(programme):
    lost = running(programme, attempts=2, heartbeat=ago(minutes=2))

    assert tasks.sweep_reports() == 0

    lost.refresh_from_db()
    assert lost.status == "failed"
    assert lost.error.startswith("La génération a été interrompue deux fois")
    assert lost.finished_at


def test_a_report_with_a_recent_heartbeat_is_left_to_its_worker(programme):
    alive = running(programme, started=ago(minutes=3), heartbeat=ago(seconds=5))

    assert tasks.sweep_reports() == 0

    alive.refresh_from_db()
    assert (alive.status, alive.attempts) == ("running", 1)


def test_a_report_running_past_its_time_limit_fails_even_with_a_heartbeat(programme, settings):
    overdue = running(
        programme, started=ago(seconds=settings.REPORT_TIME_LIMIT + 90), heartbeat=ago(seconds=5)
    )

    tasks.sweep_reports()

    overdue.refresh_from_db()
    assert overdue.status == "failed"
    assert overdue.error.startswith("La génération a dépassé la durée maximale de 180 secondes")


def test_the_page_says_a_report_is_taken_again_after_an_interruption(client, programme):
    Report.objects.create(programme=programme, kind="programme", attempts=1)
    client.force_login(programme.coach)

    page = client.get(reverse("programmes:report_list", args=[programme.slug]))

    assertContains(page, INTERRUPTED_NOTE)
    assertContains(page, 'hx-trigger="every 2s"')


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stamps_the_running_attempt_only(programme, settings):
    settings.REPORT_HEARTBEAT_SECONDS = 0.05
    current = running(programme, attempts=2, heartbeat=ago(minutes=1))
    superseded = running(programme, attempts=2, heartbeat=ago(minutes=1))

    with Heartbeat(current.pk, 2), Heartbeat(superseded.pk, 1):
        time.sleep(0.5)

    current.refresh_from_db()
    superseded.refresh_from_db()
    assert current.heartbeat_at > ago(seconds=2)
    assert superseded.heartbeat_at < ago(seconds=50)


def test_a_report_killed_by_the_hard_time_limit_fails_instead_of_running_again(programme, settings):
    # Killed by the hard limit after beating past the soft one, a minute and a half ago.
    started = ago(seconds=settings.REPORT_SOFT_TIME_LIMIT + 100)
    last_beat = started + datetime.timedelta(seconds=settings.REPORT_SOFT_TIME_LIMIT + 5)
    killed = running(programme, started=started, heartbeat=last_beat)

    assert tasks.sweep_reports() == 0

    killed.refresh_from_db()
    assert (killed.status, killed.attempts) == ("failed", 1)
    assert killed.error.startswith("La génération a dépassé la durée maximale")
