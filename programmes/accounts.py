"""The account adapter that knows invitations (settings.ACCOUNT_ADAPTER): the generic one,
in our words, is incubateur.accounts.adapters.AccountAdapter."""

from django.urls import reverse

from incubateur.accounts.adapters import AccountAdapter
from programmes.models import Invitation


class InvitationAccountAdapter(AccountAdapter):
    def get_email_verification_redirect_url(self, email_address) -> str:
        """Someone who signed up to accept an invitation goes back to it once their address
        is confirmed, even from another browser than the one they signed up in (where
        allauth's own `next` is lost)."""
        invitation = (
            Invitation.objects.usable()
            .filter(email__iexact=email_address.email)
            .order_by("-created_at")
            .first()
        )
        if invitation is not None:
            return reverse("programmes:invitation_accept", args=[invitation.token])
        return super().get_email_verification_redirect_url(email_address)
