"""The iCalendar documents, from entries the domain apps build (investigations and
programmes/calendar_entries.py): a person's feed (everything they take part in) and one
programme's download. Every event is a whole day (sessions and milestones have a date,
no hours); the calendar still carries the Europe/Paris VTIMEZONE block, the platform's
time zone, for the apps that place all-day events by the calendar's zone.

UIDs are stable (built from the investigation and week, or the milestone): a subscribed
calendar updates the event rather than duplicating it; SEQUENCE follows the session's
counter, raised each time its date moves."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

TIME_ZONE = "Europe/Paris"
PRODID = "-//ANCT Incubateur des territoires//Investigations//FR"


@dataclass(frozen=True)
class Entry:
    """One all-day event, before it becomes iCalendar."""

    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str
    sequence: int = 0


def entry_uid(kind: str, *parts) -> str:
    """Stable across feeds and downloads: `kind-parts@host`."""
    host = urlsplit(settings.SITE_URL).hostname or "investigations"
    return f"{kind}-{'-'.join(str(part) for part in parts)}@{host}"


def calendar_document(entries: list[Entry], *, name: str) -> bytes:
    """All-day events sorted by day, with the platform's VTIMEZONE around them."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", TIME_ZONE)
    days = [entry.day for entry in entries] or [timezone.localdate()]
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            TIME_ZONE,
            first_date=min(days) - datetime.timedelta(days=366),
            last_date=max(days) + datetime.timedelta(days=366),
        )
    )
    for entry in sorted(entries, key=lambda entry: (entry.day, entry.uid)):
        calendar.add_component(
            icalendar.Event.new(
                uid=entry.uid,
                start=entry.day,
                end=entry.day + datetime.timedelta(days=1),
                summary=entry.summary,
                description=entry.description,
                url=entry.url,
                sequence=entry.sequence,
                stamp=stamp,
                transparency="TRANSPARENT",
            )
        )
    return calendar.to_ical()
