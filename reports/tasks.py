"""Report generation: `generate_report` takes a report's id; `sweep_reports` (Celery beat,
every minute) publishes again the reports whose publication failed, takes again once the
reports whose worker died, and fails those that died twice or ran past their time limit.

Publishing never fails a request when Redis is down (as incubateur.notifications.tasks):
the report stays pending and the next sweep publishes it. Messages are acknowledged late,
but a report never depends on its message surviving: what is due is in the database, and
a duplicated or redelivered message finds nothing to take.

The tasks keep the names they had in programmes/tasks.py: the beat schedule, the queue
routes and the messages already queued use them."""

import datetime
import logging

from celery import current_app, shared_task
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from reports.models import Report
from reports.services import report_generate, time_limit_error

logger = logging.getLogger(__name__)

# One attempt, no waiting (see incubateur.notifications.tasks).
PUBLISH_OPTIONS = {"retry": True, "retry_policy": {"max_retries": 0}}
# The hard limit kills the process; a report still running this long after it started was
# not stopped by it (a pool without time limits, a machine frozen): it is given up.
OVERDUE_MARGIN = datetime.timedelta(minutes=1)


@shared_task(
    name="programmes.tasks.generate_report",
    acks_late=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_TIME_LIMIT,
)
def generate_report(report_id: int) -> None:
    report_generate(report_id=report_id)


def publish(report_id: int) -> bool:
    if current_app.conf.task_always_eager:
        generate_report.delay(report_id)
        return True
    try:
        generate_report.apply_async(args=[report_id], **PUBLISH_OPTIONS)
    except (OperationalError, OSError) as error:
        logger.warning("Broker unreachable (%s): report %s left for the sweep.", error, report_id)
        return False
    Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(
        published_at=timezone.now()
    )
    return True


@shared_task(name="programmes.tasks.sweep_reports", expires=50)
def sweep_reports() -> int:
    """Return how many reports were published."""
    now = timezone.now()
    started_before = now - datetime.timedelta(seconds=settings.REPORT_TIME_LIMIT) - OVERDUE_MARGIN
    Report.objects.filter(status=Report.Status.RUNNING, started_at__lt=started_before).update(
        status=Report.Status.FAILED, finished_at=now, error=time_limit_error()
    )
    lost = Report.objects.lost(now)
    # Still beating past the soft limit: the hard limit killed it, and would again.
    soft_limit = datetime.timedelta(seconds=settings.REPORT_SOFT_TIME_LIMIT)
    lost.filter(heartbeat_at__gt=F("started_at") + soft_limit).update(
        status=Report.Status.FAILED, finished_at=now, error=time_limit_error()
    )
    lost.filter(attempts__gte=Report.MAX_ATTEMPTS).update(
        status=Report.Status.FAILED,
        finished_at=now,
        error=_(
            "La génération a été interrompue deux fois (arrêt du serveur de calcul). "
            "Réessayez ; si cela se reproduit, contactez l’équipe de la plateforme."
        ),
    )
    retried = list(lost.filter(attempts__lt=Report.MAX_ATTEMPTS).values_list("pk", flat=True))
    # Each row only if it is still lost: a late heartbeat wins.
    retried = [pk for pk in retried if lost.filter(pk=pk).update(status=Report.Status.PENDING)]
    if retried:
        logger.warning("Reports %s lost their worker: taken again.", retried)
    due = set(retried) | set(Report.objects.to_publish(now).values_list("pk", flat=True))
    return sum(publish(report_id) for report_id in sorted(due))
