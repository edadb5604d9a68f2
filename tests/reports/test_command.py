import datetime

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command
from django.utils import timezone

from programmes import tasks
from programmes.models import Report
from tests.reports.conftest import build_programme, pdf_pages


def test_it_writes_the_pdf_report(tmp_path, capsys):
    programme = build_programme(investigations=2)
    output = tmp_path / "rapport.pdf"

    call_command("export_report", programme.slug, "--output", str(output))

    pages = pdf_pages(output.read_bytes())
    assert f"{output} : {len(pages)} pages." in capsys.readouterr().out
    assert programme.name in pages[0]


def test_it_writes_a_csv_export(tmp_path):
    programme = build_programme(investigations=1)
    output = tmp_path / "journaux.csv"

    call_command("export_report", programme.slug, "--format", "csv", "--kind", "logs", "-o", output)

    content = output.read_bytes()
    assert content.startswith("\ufeff".encode())
    assert b";" in content.splitlines()[0]


def test_an_unknown_programme_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Aucun programme « nulle-part »"):
        call_command("export_report", "nulle-part", "--output", str(tmp_path / "x.pdf"))


def test_the_sweep_runs_every_five_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-reports"]
    assert entry["task"] == tasks.sweep_reports.name
    assert entry["schedule"] == crontab(minute="*/5")


def test_the_sweep_publishes_forgotten_reports_and_fails_abandoned_ones(media_root):
    programme = build_programme(investigations=1)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    forgotten = Report.objects.create(programme=programme, kind="programme")
    Report.objects.filter(pk=forgotten.pk).update(requested_at=long_ago)
    just_asked = Report.objects.create(programme=programme, kind="programme")
    abandoned = Report.objects.create(
        programme=programme, kind="programme", status="running", started_at=long_ago
    )

    assert tasks.sweep_reports() == 1

    statuses = dict(Report.objects.values_list("pk", "status"))
    assert statuses == {forgotten.pk: "ready", just_asked.pk: "pending", abandoned.pk: "failed"}
    abandoned.refresh_from_db()
    assert abandoned.error == "La génération a été interrompue."
