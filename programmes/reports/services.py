"""Requesting, generating and retrying reports (programmes.models.Report)."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from incubateur.audit.services import Action, record
from incubateur.formtokens.services import form_token_claim
from incubateur.notifications.services import notify_report_ready
from programmes import tasks
from programmes.models import Report
from programmes.reports import rendering

logger = logging.getLogger(__name__)


@transaction.atomic
@transaction.atomic
def report_request(*, programme, by, investigation=None, retry_of=None, form_token=None) -> Report:
    """Record the request (pending) and queue its generation once the row commits."""
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
    transaction.on_commit(lambda: tasks.publish(report.pk))
    return report


def report_retry(*, report, by) -> Report:
    """A failed report asked again: a new row, so that the failure stays on record."""
    return report_request(
        programme=report.programme, investigation=report.investigation, by=by, retry_of=report
    )


def report_generate(*, report_id: int) -> None:
    """Render a pending report, store it and tell its requester. Idempotent: a report that
    another worker has taken, or that is finished, is left alone."""
    taken = Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(
        status=Report.Status.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return
    report = Report.objects.select_related(
        "programme__coach", "programme__designer", "investigation", "requested_by"
    ).get(pk=report_id)
    today = timezone.localdate()
    try:
        if report.kind == Report.Kind.SHEET:
            pdf = rendering.investigation_sheet_pdf(report.investigation, today=today)
        else:
            pdf = rendering.programme_report_pdf(report.programme, today=today)
    except Exception as error:
        # Whatever went wrong is kept for the retry button and the admins.
        logger.exception("Report %s failed.", report_id)
        report.status = Report.Status.FAILED
        report.error = f"{type(error).__name__}: {error}"[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return
    with transaction.atomic():
        report.file.save(report.download_name(), ContentFile(pdf.content), save=False)
        report.pages = pdf.pages
        report.status = Report.Status.READY
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "pages", "status", "finished_at"])
        if report.requested_by is not None:
            notify_report_ready(report=report)
