import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command

from reports import tasks
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


def test_the_sweep_runs_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-reports"]
    assert entry["task"] == tasks.sweep_reports.name
    assert entry["schedule"] == crontab()
