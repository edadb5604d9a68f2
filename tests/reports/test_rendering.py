"""The end-of-programme report of the demo programme, read back from the PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from investigations.models import CommitteeReview, ConclusionFigure, Investigation, LogFigure
from reports import data, rendering
from tests.reports.conftest import TODAY, build_programme, pdf_pages, plain


@pytest.fixture(scope="module")
def demo_pdf(demo_programme):
    """Rendered once per module (seconds): the tests read it."""
    return rendering.programme_report_pdf(demo_programme, today=TODAY)


def test_it_shows_every_problem_decision_and_figure_with_its_source(demo_programme, demo_pdf):
    text = " ".join(pdf_pages(demo_pdf.content))
    investigations = Investigation.objects.filter(programme=demo_programme).select_related(
        "submission"
    )
    assert len(investigations) == 6
    for investigation in investigations:
        assert plain(investigation.submission.title) in text
    decisions = CommitteeReview.objects.filter(investigation__programme=demo_programme)
    assert len(decisions) == 4  # one of each outcome (demo/next_steps.py)
    for review in decisions:
        assert plain(str(review.get_decision_display())) in text
    figures = [
        *ConclusionFigure.objects.filter(conclusion__investigation__programme=demo_programme),
        *LogFigure.objects.filter(log__investigation__programme=demo_programme),
    ]
    assert figures
    for figure in figures:
        assert plain(figure.figure) in text
        assert plain(figure.source) in text


def test_every_page_but_the_cover_is_numbered_x_of_y(demo_pdf):
    pages = pdf_pages(demo_pdf.content)
    assert demo_pdf.pages == len(pages) > 10
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page


def test_the_table_of_contents_points_to_each_chapter_page(demo_programme, demo_pdf):
    pages = pdf_pages(demo_pdf.content)
    [toc] = [page for page in pages if page.startswith("Sommaire ")]
    entries = re.findall(r"(\d)\. (.+?) \.{3,} ?(\d+)", toc)
    titles = sorted(
        Investigation.objects.filter(programme=demo_programme).values_list(
            "submission__title", flat=True
        )
    )
    assert [title for _number, title, _page in entries] == [plain(t) for t in titles]
    for number, title, page in entries:
        # The chapter's heading opens the page the table of contents gives.
        assert pages[int(page) - 1].startswith(f"INVESTIGATION {number} — ")
        assert title in pages[int(page) - 1]


def test_the_pdf_carries_its_title_author_and_language(demo_programme, demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf.content))
    assert reader.metadata.title == f"Rapport de fin de programme — {demo_programme.name}"
    assert reader.metadata.author.startswith("Incubateur des territoires")
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_the_sheet_is_one_chapter_alone(demo_programme):
    investigation = Investigation.objects.get(
        programme=demo_programme,
        submission__title="Rendez-vous non honorés dans les services sociaux",
    )
    other = Investigation.objects.filter(programme=demo_programme).exclude(pk=investigation.pk)

    pdf = rendering.investigation_sheet_pdf(investigation, today=TODAY)

    text = " ".join(pdf_pages(pdf.content))
    assert "Rendez-vous non honorés dans les services sociaux" in text
    assert "Lancer la construction d’un service" in text
    assert "27 % de rendez-vous non honorés en 2026" in text
    assert "Sommaire" not in text
    for title in other.values_list("submission__title", flat=True):
        assert plain(title) not in text
    assert PdfReader(io.BytesIO(pdf.content)).metadata.title.startswith("Fiche d’investigation")


@pytest.mark.parametrize("size", [1, 4])
def test_a_report_takes_eleven_queries_whatever_its_size(size, django_assert_num_queries):
    programme = build_programme(investigations=size, weeks_of_logs=size)
    # Collectivités, investigations, teams, logs, their figures, hypotheses, conclusion
    # figures, proposals, check-in answers, sessions, attendance; the templates query
    # nothing more.
    with django_assert_num_queries(11):
        report = data.programme_report_data(programme, today=TODAY)
    with django_assert_num_queries(11):
        html = rendering.programme_report_html(programme, today=TODAY)
    assert html.count('class="chapter"') == size
    assert len(report.chapters) == size
    assert len(report.chapters[0].logs) == size


def test_a_report_before_the_programme_closes_is_marked_provisional_on_every_page(
    demo_programme, demo_pdf
):
    assert demo_programme.status == "investigation"
    pages = pdf_pages(demo_pdf.content)

    assert "VERSION PROVISOIRE" in pages[0]
    assert "des conclusions peuvent encore être à venir" in pages[0]
    for page in pages:
        assert "Version provisoire" in page


def test_a_report_of_a_closed_programme_is_not_provisional():
    programme = build_programme(1)
    programme.status = "closed"
    programme.save(update_fields=["status"])

    pages = pdf_pages(rendering.programme_report_pdf(programme, today=TODAY).content)

    assert not any("provisoire" in page.lower() for page in pages)


def test_the_sheet_has_one_header_and_no_chapter_number(demo_programme):
    investigation = Investigation.objects.get(
        programme=demo_programme,
        submission__title="Rendez-vous non honorés dans les services sociaux",
    )

    pages = pdf_pages(rendering.investigation_sheet_pdf(investigation, today=TODAY).content)

    first = pages[0]
    assert first.count(plain(demo_programme.name)) == 1
    assert first.count("Rendez-vous non honorés dans les services sociaux") == 1
    assert "INVESTIGATION 1" not in " ".join(pages)
    assert "Version provisoire" in pages[-1]
