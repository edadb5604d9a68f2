"""A programme whose investigation day is Thursday, with sessions from 1 October 2026
(week 9 on Thursday 26 November), an investigation whose team sent the logs of weeks 1 to 8
(none missing, so no coach alert), and a clock set in Europe/Paris.

    emails = run_at(clock, paris(2026, 11, 26, 17))   # send_due_notifications at that time
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from incubateur.notifications import tasks
from programmes.models import Programme
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import ProgrammeFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


def run_at(clock, moment: datetime.datetime) -> list:
    """Run the five-minute task at `moment`; return the emails it sent."""
    clock.move_to(moment, tick=False)
    before = len(mail.outbox)
    tasks.send_due_notifications()
    return mail.outbox[before:]


def of_kind(emails, kind) -> list:
    return [email for email in emails if email.extra_headers["X-Notification-Kind"] == kind]


def recipients(emails) -> list[str]:
    return sorted(address for email in emails for address in email.to)


def team_emails(investigation) -> list[str]:
    return sorted(investigation.team.values_list("email", flat=True))


def submit_logs(investigation, weeks):
    for week in weeks:
        WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
    return investigation


def investigation_programme(start: datetime.date, weekday=Programme.Weekday.THURSDAY, **kwargs):
    return ProgrammeFactory(
        investigation=True,
        call_opens_on=start - datetime.timedelta(days=90),
        call_closes_on=start - datetime.timedelta(days=60),
        investigation_starts_on=start,
        weekday=weekday,
        **kwargs,
    )


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(paris(2026, 9, 15, 10), tick=False)
    return time_machine


@pytest.fixture
def saturday(clock):
    """Nothing is scheduled on a Saturday: a run only sends what a test left pending."""
    clock.move_to(paris(2026, 9, 19, 10), tick=False)


@pytest.fixture
def programme(clock):
    return investigation_programme(datetime.date(2026, 10, 1))


@pytest.fixture
def investigation(programme):
    return submit_logs(InvestigationFactory(programme=programme), range(1, 9))
