"""Report status transitions are guarded (issue 24, point 3): the status only moves
forward, each step a conditional UPDATE on the attempt that took the report. A report the
sweep has failed (or taken again) while its first worker was still rendering keeps what
people saw when that worker finally ends; failed becomes ready only through a retry, which
is a new report."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reports import rendering, services, tasks
from reports.models import Report
from tests.reports.conftest import build_programme
from tests.s3_server import stored_files

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def programme():
    return build_programme(investigations=1)


def long_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def sweep_during_rendering(monkeypatch, make_it_look, report):
    """While the first attempt renders, its report is made to look overdue or lost, and
    the sweep runs: what a worker frozen for half an hour would see when it wakes up."""
    real = rendering.programme_report_pdf

    def rendering_while_the_sweep_runs(programme, *, today):
        if Report.objects.get(pk=report.pk).attempts == 1:
            Report.objects.filter(pk=report.pk).update(**make_it_look)
            tasks.sweep_reports()
        return real(programme, today=today)

    monkeypatch.setattr(rendering, "programme_report_pdf", rendering_while_the_sweep_runs)


def report_files(media_root):
    """The reports stored (on disk under `media_root`, or in the bucket: --storage=s3)."""
    return stored_files("reports")


def test_a_report_failed_by_the_sweep_stays_failed_when_its_late_task_ends(
    programme, monkeypatch, media_root, django_capture_on_commit_callbacks
):
    report = Report.objects.create(
        programme=programme, kind="programme", requested_by=programme.coach
    )
    sweep_during_rendering(monkeypatch, {"started_at": long_ago()}, report)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == "failed"
    assert report.error.startswith("La génération a dépassé la durée maximale")
    assert (report.file.name, report.pages) == ("", None)
    assert report_files(media_root) == []  # the late PDF was dropped, not left on disk
    assert mail.outbox == []


def test_a_late_result_of_a_superseded_attempt_changes_nothing(
    programme, monkeypatch, media_root, django_capture_on_commit_callbacks
):
    """The sweep took the report again (attempt 2, run at once by the eager task) while
    attempt 1 still rendered: attempt 2's PDF and its one email stand."""
    report = Report.objects.create(
        programme=programme, kind="programme", requested_by=programme.coach
    )
    sweep_during_rendering(monkeypatch, {"heartbeat_at": long_ago()}, report)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(report_id=report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts) == ("ready", 2)
    assert report_files(media_root) == [report.file.name]
    [email] = mail.outbox
    assert email.to == [programme.coach.email]


def test_a_failed_report_never_becomes_ready_without_a_retry(
    client, programme, django_capture_on_commit_callbacks
):
    failed = Report.objects.create(
        programme=programme, kind="programme", status="failed", attempts=1, error="Interrompu"
    )

    services.report_generate(report_id=failed.pk)  # a redelivered message
    tasks.sweep_reports()
    failed.refresh_from_db()
    assert (failed.status, failed.error, failed.file.name) == ("failed", "Interrompu", "")

    client.force_login(programme.coach)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:report_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == "failed"
    assert Report.objects.exclude(pk=failed.pk).get().status == "ready"
