"""The programmes' emails: an invitation to join a collectivité, a report ready to download
(incubateur.notifications.registry)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications.message import Message
from incubateur.notifications.registry import register
from incubateur.notifications.services import notify
from programmes.models import Invitation, Report


class InvitationMessage(Message):
    kind = "invitation"
    label = gettext_lazy("Invitation dans une collectivité")
    model = Invitation
    related = ("collectivity", "invited_by")
    template = "programmes/emails/invitation"

    def skip_reason(self, notification, invitation, now):
        if not invitation.is_usable:
            return _("L’invitation a été acceptée ou a expiré.")
        return ""

    def context(self, notification, invitation, now):
        return {"invitation": invitation}

    def action(self, notification, invitation):
        path = reverse("programmes:invitation_accept", args=[invitation.token])
        return _("Accepter l’invitation"), path


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


register(InvitationMessage())
register(ReportReadyMessage())


def notify_invitation(*, invitation) -> None:
    notify(kind=InvitationMessage.kind, obj=invitation, email=invitation.email)


def notify_report_ready(*, report) -> None:
    notify(kind=ReportReadyMessage.kind, obj=report, recipient=report.requested_by)
