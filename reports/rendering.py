"""Reports as PDF: Django templates with print CSS (templates/programmes/pdf/) laid out by
WeasyPrint. The PDF carries its title, author and language, and is tagged (PDF/UA-1)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reports import data as report_data

AUTHOR = "Incubateur des territoires — Agence nationale de la cohésion des territoires"
# The DSFR's Marianne, bundled by django-dsfr; without it the CSS falls back to DejaVu.
MARIANNE = [
    ("dsfr/dist/fonts/Marianne-Regular.woff2", 400, "normal"),
    ("dsfr/dist/fonts/Marianne-Regular_Italic.woff2", 400, "italic"),
    ("dsfr/dist/fonts/Marianne-Bold.woff2", 700, "normal"),
    ("dsfr/dist/fonts/Marianne-Bold_Italic.woff2", 700, "italic"),
]


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


def fonts() -> list[dict]:
    found = []
    for path, weight, style in MARIANNE:
        location = finders.find(path)
        if location:
            found.append({"url": Path(location).as_uri(), "weight": weight, "style": style})
    return found


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, {"fonts": fonts(), "author": AUTHOR, **context})


def render_pdf(html: str) -> RenderedPdf:
    # Imported here, not at the top: WeasyPrint takes seconds to import (pango, fonts), and
    # every process that loads the URLs (web workers, commands, test runs) would pay it.
    import weasyprint

    # Only local files (the fonts): the documents never fetch anything from the network.
    fetcher = weasyprint.URLFetcher(allowed_protocols=["file"])
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render()
    content = document.write_pdf(pdf_variant="pdf/ua-1")
    return RenderedPdf(content=content, pages=len(document.pages))


def programme_report_html(programme, *, today: datetime.date) -> str:
    """The programme (with its coach and designer) and everything its report shows, in
    ten queries (reports.data)."""
    data = report_data.programme_report_data(programme, today=today)
    return render_html(
        "programmes/pdf/report.html",
        {
            "data": data,
            "title": _("Rapport de fin de programme — %(name)s") % {"name": programme.name},
            "description": _("Les investigations du programme, leurs conclusions et annexes."),
        },
    )


def investigation_sheet_html(investigation, *, today: datetime.date) -> str:
    data = report_data.sheet_data(investigation, today=today)
    return render_html(
        "programmes/pdf/sheet.html",
        {
            "data": data,
            "title": _("Fiche d’investigation — %(title)s") % {"title": data.chapters[0].title},
            "description": data.programme.name,
        },
    )


def programme_report_pdf(programme, *, today: datetime.date) -> RenderedPdf:
    return render_pdf(programme_report_html(programme, today=today))


def investigation_sheet_pdf(investigation, *, today: datetime.date) -> RenderedPdf:
    return render_pdf(investigation_sheet_html(investigation, today=today))
