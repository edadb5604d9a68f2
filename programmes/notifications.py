"""The programmes' email: an invitation to join a collectivité
(incubateur.notifications.registry)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications.message import Message
from incubateur.notifications.registry import register
from incubateur.notifications.services import notify
from programmes.models import Invitation


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


register(InvitationMessage())


def notify_invitation(*, invitation) -> None:
    notify(kind=InvitationMessage.kind, obj=invitation, email=invitation.email)
