"""Moving weekly sessions once they exist (a programme's start, weekday or length changed,
or a public holiday now falls on a session): dates change in place, so that logs and
attendance stay attached to their week, and each moved session's calendar sequence rises."""

import datetime

from django.db import transaction
from django.db.models import F

from incubateur import fragments
from investigations.models import WeeklySession


@transaction.atomic
def sessions_reschedule(*, investigation, dates: list[datetime.date]) -> list[WeeklySession]:
    """Give week n of `investigation` the date `dates[n - 1]`; weeks beyond the list are
    left to the caller (a shorter programme). Returns the sessions that moved."""
    sessions = WeeklySession.objects.select_for_update().filter(investigation=investigation)
    moved = []
    for session in sessions.order_by("week"):
        if session.week > len(dates) or session.date == dates[session.week - 1]:
            continue
        WeeklySession.objects.filter(pk=session.pk).update(
            date=dates[session.week - 1], sequence=F("sequence") + 1
        )
        moved.append(session)
    if moved:  # QuerySet.update sends no signal
        fragments.touch_programme(investigation.programme_id)
    return moved


def programme_sessions_reschedule(*, programme) -> int:
    """Apply `programme.session_dates()` to every investigation's sessions; the number of
    sessions moved."""
    dates = programme.session_dates()
    return sum(
        len(sessions_reschedule(investigation=investigation, dates=dates))
        for investigation in programme.investigations.all()
    )
