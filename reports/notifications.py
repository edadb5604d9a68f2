"""The reports' email: a report ready to download (incubateur.notifications.registry)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications.message import Message
from incubateur.notifications.registry import register
from incubateur.notifications.services import notify
from reports.models import Report


class ReportReadyMessage(Message):
    kind = "report_ready"
    label = gettext_lazy("Rapport prêt à télécharger")
    model = Report
    related = ("programme", "investigation__submission")
    template = "programmes/emails/report_ready"

    def skip_reason(self, notification, report, now):
        return "" if report.status == Report.Status.READY else _("Le rapport n’est plus prêt.")

    def context(self, notification, report, now):
        return {"report": report}

    def action(self, notification, report):
        return _("Télécharger le rapport"), reverse("programmes:report_download", args=[report.pk])


register(ReportReadyMessage())


def notify_report_ready(*, report) -> None:
    notify(kind=ReportReadyMessage.kind, obj=report, recipient=report.requested_by)
