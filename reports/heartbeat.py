"""While a worker renders a report, a thread stamps the report's `heartbeat_at` every
REPORT_HEARTBEAT_SECONDS: a report whose stamps stop lost its worker (killed, out of
memory, machine gone), which the sweep notices within a minute instead of waiting for any
time limit (reports.tasks.sweep_reports)."""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from reports.models import Report

logger = logging.getLogger(__name__)


class Heartbeat:
    """`with Heartbeat(report_id, attempt): render()`; stamps only while the report is
    running this attempt."""

    def __init__(self, report_id: int, attempt: int):
        self.report_id = report_id
        self.attempt = attempt
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"report-{report_id}-heartbeat", daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(settings.REPORT_HEARTBEAT_SECONDS):
                try:
                    Report.objects.filter(
                        pk=self.report_id, status=Report.Status.RUNNING, attempts=self.attempt
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError as error:
                    # One missed stamp is harmless; several in a row mean the database is
                    # gone, and the report will be taken again.
                    logger.warning("Heartbeat of report %s missed: %s", self.report_id, error)
        finally:
            connection.close()  # this thread's own connection
