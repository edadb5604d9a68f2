"""An admin asks for the programme report, waits for it and downloads the PDF."""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from programmes.models import Programme
from reports.models import Report

SLUG = "le-havre-vague-1"
PROBLEM = "Rendez-vous non honorés dans les services sociaux"


def _text(pdf_path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    return " ".join(text.split())


def test_admin_downloads_the_programme_report(page, demo, login):
    programme = Programme.objects.get(slug=SLUG)
    login(page, "admin@anct.gouv.fr")

    page.get_by_role("link", name=programme.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.name)
    page.get_by_role("button", name="Générer le rapport").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports et exports")
    expect(page.get_by_role("status").first).to_contain_text("Le rapport est en préparation")
    # Tasks run eagerly here; with a worker, htmx polls the table every 2 s until ready.
    reports = page.locator("#rapports")
    expect(reports.get_by_text("Prêt", exact=True)).to_be_visible()
    report = Report.objects.get(programme=programme)
    assert report.status == Report.Status.READY

    with page.expect_download() as download_info:
        reports.get_by_role("link", name=re.compile(r"^Télécharger \(PDF")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    text = _text(download.path())
    assert programme.name in text
    assert PROBLEM in text
