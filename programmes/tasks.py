"""Report generation: `generate_report` takes a report's id; `sweep_reports` (Celery beat,
every five minutes) publishes again the reports whose publication failed and fails those
whose worker died, so that their requester can retry.

Publishing never fails a request when Redis is down (as incubateur.notifications.tasks):
the report stays pending and the next sweep publishes it."""

import datetime
import logging

from celery import current_app, shared_task
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from programmes.models import Report

logger = logging.getLogger(__name__)

# One attempt, no waiting (see incubateur.notifications.tasks).
PUBLISH_OPTIONS = {"retry": True, "retry_policy": {"max_retries": 0}}
# A report pending this long was not published (or its message was lost).
REPUBLISH_AFTER = datetime.timedelta(minutes=2)
# A report running this long lost its worker: rendering takes seconds, not minutes.
RUNNING_AT_MOST = datetime.timedelta(minutes=30)


@shared_task(acks_late=True)
def generate_report(report_id: int) -> None:
    from programmes.reports.services import report_generate  # here: services import this module

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
    return True


@shared_task(expires=240)
def sweep_reports() -> int:
    now = timezone.now()
    Report.objects.filter(
        status=Report.Status.RUNNING, started_at__lt=now - RUNNING_AT_MOST
    ).update(
        status=Report.Status.FAILED,
        finished_at=now,
        error=_("La génération a été interrompue."),
    )
    pending = Report.objects.filter(
        status=Report.Status.PENDING, requested_at__lt=now - REPUBLISH_AFTER
    ).values_list("pk", flat=True)
    return sum(publish(report_id) for report_id in pending)
