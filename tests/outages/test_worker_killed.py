"""A real Celery worker killed (SIGKILL) while it renders a report: its heartbeat stops,
and once a worker is back the sweep takes the report again; it is ready within two
minutes, emailed once. A report over its soft time limit fails with a French reason
(prefork pool: the one that enforces time limits, as in production)."""

import time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from reports.models import Report
from tests.celery_worker import run_worker
from tests.reports.conftest import build_programme

SWEEP = "programmes.tasks.sweep_reports"
# Fast heartbeats, so that the test does not wait a minute for the loss to be noticed.
QUICK = {"REPORT_HEARTBEAT_SECONDS": "0.5", "REPORT_LOST_AFTER_SECONDS": "2"}


def wait_for(condition, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(condition.__doc__)
        time.sleep(step)


def ask_for_report(client, programme, django_capture_on_commit_callbacks) -> Report:
    client.force_login(programme.coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:report_request", args=[programme.slug]))
    return Report.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_is_killed_is_ready_soon_after_a_worker_is_back(
    client, on_redis, settings, tmp_path, django_capture_on_commit_callbacks
):
    env = {**QUICK, "MEDIA_ROOT": str(tmp_path / "media")}
    programme = build_programme(investigations=4, weeks_of_logs=4)
    report = ask_for_report(client, programme, django_capture_on_commit_callbacks)

    with run_worker(
        tmp_path / "first", redis_url=on_redis.url, queue="notifications,reports", env=env
    ) as first:

        def beating():
            """The first worker renders and stamps its heartbeat."""
            report.refresh_from_db()
            return report.status == "running" and report.heartbeat_at > report.started_at

        wait_for(beating, timeout=60)
        first.kill()
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("running", 1)
    assert first.emails() == []

    time.sleep(2)  # the heartbeat is now older than REPORT_LOST_AFTER_SECONDS
    back = time.monotonic()
    with run_worker(
        tmp_path / "second", redis_url=on_redis.url, queue="notifications,reports", env=env
    ) as second:
        second.send(SWEEP)  # Celery beat's next minute

        def finished():
            """The report is taken again and finished."""
            report.refresh_from_db()
            return report.is_finished

        wait_for(finished, timeout=110, step=0.2)
        ready_after = time.monotonic() - back
        messages = second.wait_for_emails(1)

    assert (report.status, report.attempts) == ("ready", 2)
    assert ready_after < 120
    [message] = messages
    assert message["To"] == programme.coach.email
    assertContains(client.get(reverse("programmes:report_detail", args=[report.pk])), "Prêt")


@pytest.mark.django_db(transaction=True)
def test_a_report_over_its_soft_time_limit_fails_with_a_french_reason(client, on_redis, tmp_path):
    env = {
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REPORT_SOFT_TIME_LIMIT": "1",
        "REPORT_TIME_LIMIT": "30",
        "REPORT_REPUBLISH_AFTER_SECONDS": "0",
    }
    programme = build_programme(investigations=4, weeks_of_logs=4)
    # Published by the worker's sweep, so that the message carries the worker's limits
    # (in production every process has the same settings).
    report = Report.objects.create(programme=programme, kind="programme")

    with run_worker(
        tmp_path, redis_url=on_redis.url, queue="notifications,reports", pool="prefork", env=env
    ) as worker:
        worker.send(SWEEP)

        def finished():
            """The report is failed or ready."""
            report.refresh_from_db()
            return report.is_finished

        wait_for(finished, timeout=60, step=0.2)

    assert report.status == "failed"
    assert report.error == (
        "La génération a dépassé la durée maximale de 1 seconde : le document est trop "
        "volumineux. Raccourcissez les textes les plus longs, puis réessayez."
    )
    assert not report.file
    client.force_login(programme.coach)
    page = client.get(reverse("programmes:report_detail", args=[report.pk]))
    assertContains(page, "La génération a dépassé la durée maximale")
    assertContains(page, reverse("programmes:report_retry", args=[report.pk]))
