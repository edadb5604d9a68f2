"""Interview-notes hygiene: PEOPLE_MET_RETENTION_DAYS after a programme closes, the
details of the people met in its weekly logs are erased (the numbers of people met stay,
for the figures). Admins are asked by email when a programme's turn comes
(incubateur.notifications); `manage.py purge_people_met` erases."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q

from incubateur.audit.services import Action, record
from investigations.models import PeopleMetPurge, WeeklyLog
from programmes.models import Programme


def retention_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.PEOPLE_MET_RETENTION_DAYS)


def programmes_due_for_purge(now: datetime.datetime):
    """Closed programmes, closed at least the retention period ago, not yet purged."""
    return (
        Programme.objects.filter(status=Programme.Status.CLOSED, people_met_purge__isnull=True)
        .annotate(
            closed_at=Max(
                "transitions__at", filter=Q(transitions__to_status=Programme.Status.CLOSED)
            )
        )
        .filter(closed_at__lte=now - retention_period())
        .order_by("closed_at", "pk")
    )


@transaction.atomic
def people_met_purge(*, programme: Programme, by=None) -> int:
    """Erase the details of the people met in the programme's logs; the number of logs
    that had some. Once per programme (a second call erases nothing more)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    logs = WeeklyLog.objects.filter(investigation__programme=programme).exclude(people_met_names="")
    count = logs.update(people_met_names="")
    _purge, created = PeopleMetPurge.objects.get_or_create(
        programme=programme, defaults={"logs": count, "by": by}
    )
    if created:
        record(actor=by, action=Action.PEOPLE_MET_PURGED, target=programme, changes={"logs": count})
    return count
