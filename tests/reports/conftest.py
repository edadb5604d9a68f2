"""The demo programme (seed_demo on a fixed day) and a programme built to a given size,
for the report tests. Reports are stored under a temporary MEDIA_ROOT."""

import datetime
import functools
import io
import re

import pytest
from pypdf import PdfReader

from demo.seed import INVESTIGATING_SLUG, seed_demo
from investigations.models import Attendance, Conclusion, ConclusionFigure, LogFigure, Proposal
from programmes.models import Programme
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import ProgrammeFactory

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _private_media(media_root):
    """Every report test writes its PDFs to a temporary folder."""


@pytest.fixture(scope="module")
def demo_programme(module_db):
    """Seeded once per module: the tests read it."""
    seed_demo(today=TODAY)
    return Programme.objects.select_related("coach", "designer").get(slug=INVESTIGATING_SLUG)


@functools.lru_cache(maxsize=4)
def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, its spaces (breaking or not) and line breaks made plain.
    Cached: reading a long PDF takes seconds, and several tests read the same one."""
    reader = PdfReader(io.BytesIO(content))
    return [plain(page.extract_text()) for page in reader.pages]


def plain(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def build_programme(investigations: int, weeks_of_logs: int = 2) -> Programme:
    """A programme whose every investigation has logs with a figure, a hypothesis, a
    conclusion with a figure and a proposal, and attendance: every relation a chapter
    reads is there, so the query count covers them all."""
    programme = ProgrammeFactory(investigation=True)
    for _ in range(investigations):
        investigation = InvestigationFactory(programme=programme)
        member = investigation.team.first()
        for week in range(1, weeks_of_logs + 1):
            log = WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
            LogFigure.objects.create(log=log, figure=f"{week} cas", source="Registre")
            Attendance.objects.create(session=log.session, user=member, status="present")
        HypothesisFactory(investigation=investigation)
        conclusion = Conclusion.objects.create(
            investigation=investigation,
            problem_confirmed="yes",
            summary="Confirmé.",
            recommendation="stop",
        )
        ConclusionFigure.objects.create(conclusion=conclusion, figure="10 %", source="Étude")
        Proposal.objects.create(conclusion=conclusion, description="Un rappel", kind="digital")
    return Programme.objects.select_related("coach", "designer").get(pk=programme.pk)
