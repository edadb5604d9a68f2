from celery import shared_task
from django.urls import reverse

from incubateur.emails import send_templated_email
from programmes.models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("collectivity", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    send_templated_email(
        "programmes/emails/invitation",
        {
            "invitation": invitation,
            "url": reverse("programmes:invitation_accept", args=[invitation.token]),
        },
        to=[invitation.email],
    )
