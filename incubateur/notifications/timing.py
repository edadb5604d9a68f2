"""When reminders go out: working days (no weekend, no French public holiday), from a time of
day in Europe/Paris (the project's TIME_ZONE)."""

import datetime
import functools

import holidays
from django.utils import timezone

# Each app's reminders state their own times next to them (`<app>/notifications.py`).
DIGEST_FROM = datetime.time(8)


@functools.cache
def _french_holidays(year: int):
    return holidays.France(years=year)


def is_holiday(day: datetime.date) -> bool:
    return day in _french_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(period: str) -> datetime.date:
    """The Monday of an ISO week such as "2026-W48"."""
    return datetime.datetime.strptime(period + "-1", "%G-W%V-%u").date()


def local(now: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(now)


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))
