"""Requesting, generating and retrying reports (reports.models.Report).

The Celery tasks (reports.tasks) call these services, never the other way round: a request
is given the function that queues its generation (`publish`, reports.tasks.publish in the
views)."""

import logging
import time
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from incubateur.audit.services import Action, record
from incubateur.formtokens.services import form_token_claim
from reports import rendering
from reports.heartbeat import Heartbeat
from reports.models import Report
from reports.notifications import notify_report_ready

logger = logging.getLogger(__name__)


@transaction.atomic
@transaction.atomic
def report_request(
    *,
    programme,
    by,
    publish: Callable[[int], object],
    investigation=None,
    retry_of=None,
    form_token=None,
) -> Report:
    """Record the request (pending) and queue its generation (`publish(report_id)`) once
    the row commits."""
    form_token_claim(token=form_token, user=by)
    report = Report.objects.create(
        programme=programme,
        investigation=investigation,
        kind=Report.Kind.SHEET if investigation else Report.Kind.PROGRAMME,
        requested_by=by,
    )
    changes = {"kind": report.kind}
    if retry_of is not None:
        changes["retry_of"] = retry_of.pk
    record(actor=by, action=Action.REPORT_REQUESTED, target=report, changes=changes)
    transaction.on_commit(lambda: publish(report.pk))
    return report


def report_retry(*, report, by, publish: Callable[[int], object]) -> Report:
    """A failed report asked again: a new row, so that the failure stays on record."""
    return report_request(
        programme=report.programme,
        investigation=report.investigation,
        by=by,
        publish=publish,
        retry_of=report,
    )


def report_generate(*, report_id: int) -> None:
    """Render a pending report, store it and tell its requester. Idempotent: a report that
    another worker has taken, or that is finished, is left alone. Every change of status is
    a conditional UPDATE on the attempt this call took, so that a late result (the sweep
    gave up on this attempt meanwhile) is dropped, never overwriting what people saw."""
    attempt = _take(report_id)
    if attempt is None:
        return
    report = Report.objects.select_related(
        "programme__coach", "programme__designer", "investigation", "requested_by"
    ).get(pk=report_id)
    today = timezone.localdate()
    started = time.monotonic()
    try:
        with Heartbeat(report_id, attempt):
            if report.kind == Report.Kind.SHEET:
                pdf = rendering.investigation_sheet_pdf(report.investigation, today=today)
            else:
                pdf = rendering.programme_report_pdf(report.programme, today=today)
        # Celery raises the soft limit wherever the process is, a finalizer included,
        # where Python ignores it: the clock says whether it passed.
        if time.monotonic() - started > settings.REPORT_SOFT_TIME_LIMIT:
            raise SoftTimeLimitExceeded
    except SoftTimeLimitExceeded:
        logger.warning("Report %s stopped at its time limit.", report_id)
        _finish(report_id, attempt, status=Report.Status.FAILED, error=time_limit_error())
        return
    except Exception as error:
        # Whatever went wrong is kept for the retry button and the admins.
        logger.exception("Report %s failed.", report_id)
        error = f"{type(error).__name__}: {error}"[:2000]
        _finish(report_id, attempt, status=Report.Status.FAILED, error=error)
        return
    report.file.save(report.download_name(), ContentFile(pdf.content), save=False)
    with transaction.atomic():
        report.pages = pdf.pages
        report.status = Report.Status.READY
        finished = _finish(
            report_id, attempt, status=report.status, file=report.file.name, pages=report.pages
        )
        if finished and report.requested_by is not None:
            notify_report_ready(report=report)
    if not finished:
        logger.warning("Report %s: late result of attempt %s dropped.", report_id, attempt)
        report.file.delete(save=False)


def time_limit_error() -> str:
    seconds = settings.REPORT_SOFT_TIME_LIMIT
    return ngettext(
        "La génération a dépassé la durée maximale de %(seconds)s seconde : le document "
        "est trop volumineux. Raccourcissez les textes les plus longs, puis réessayez.",
        "La génération a dépassé la durée maximale de %(seconds)s secondes : le document "
        "est trop volumineux. Raccourcissez les textes les plus longs, puis réessayez.",
        seconds,
    ) % {"seconds": seconds}


def _take(report_id: int) -> int | None:
    """Pending → running, as a new attempt; its number, or None if there was nothing to
    take."""
    now = timezone.now()
    taken = Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(
        status=Report.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    return Report.objects.values_list("attempts", flat=True).get(pk=report_id)


def _finish(report_id: int, attempt: int, **fields) -> bool:
    """Running (this attempt) → ready or failed; False when the attempt was given up."""
    return bool(
        Report.objects.filter(pk=report_id, status=Report.Status.RUNNING, attempts=attempt).update(
            finished_at=timezone.now(), **fields
        )
    )
