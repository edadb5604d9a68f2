"""An investigation as InvestigationFactory builds it (week 5 of 10 today, two
intrapreneurs), the first of its team, and its current week. Modules that need another
setting define their own."""

import pytest

from tests.investigations.factories import InvestigationFactory


@pytest.fixture
def investigation():
    return InvestigationFactory()


@pytest.fixture
def member(investigation):
    return investigation.team.order_by("pk").first()


@pytest.fixture
def week(investigation):
    """The current week of the factory's programme (about a month in)."""
    return investigation.current_week(investigation.sessions.order_by("week"))
