"""The programmes' part of a person's data (RGPD): their memberships, the programmes they
follow, the invitations they received and sent. Registered in incubateur.privacy."""

from django.db.models import Q

from incubateur.privacy.registry import registry
from incubateur.privacy.services import anonymised_email
from programmes.models import Invitation, Membership, Programme


@registry.section("memberships", position=40)
def memberships(subject) -> list[dict]:
    return [
        {
            "collectivity": membership.collectivity.name,
            "siren": membership.collectivity.siren,
            "role": membership.get_role_display(),
            "created_at": membership.created_at,
        }
        for membership in Membership.objects.filter(user=subject.user)
        .select_related("collectivity")
        .order_by("created_at", "pk")
    ]


@registry.section("programmes_followed", position=50)
def programmes_followed(subject) -> list[dict]:
    user = subject.user
    return [
        {
            "programme": programme.name,
            "role": "coach" if programme.coach_id == user.pk else "designer",
        }
        for programme in Programme.objects.filter(Q(coach=user) | Q(designer=user)).order_by("pk")
    ]


@registry.section("invitations_received", position=60)
def invitations_received(subject) -> list[dict]:
    return [
        {
            "email": invitation.email,
            "collectivity": invitation.collectivity.name,
            "role": invitation.get_role_display(),
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in Invitation.objects.filter(subject.same_address)
        .select_related("collectivity")
        .order_by("created_at", "pk")
    ]


@registry.section("invitations_sent", position=70)
def invitations_sent(subject) -> list[dict]:
    return [
        {
            "email": invitation.email,
            "collectivity": invitation.collectivity.name,
            "role": invitation.get_role_display(),
            "created_at": invitation.created_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in Invitation.objects.filter(invited_by=subject.user)
        .select_related("collectivity")
        .order_by("created_at", "pk")
    ]


@registry.erasure("memberships", position=40)
def erase_memberships(subject) -> None:
    # They no longer belong to the collectivité; their teams and contributions remain.
    Membership.objects.filter(user=subject.user).delete()


@registry.erasure("invitations", position=80)
def erase_invitations(subject) -> None:
    """Their pending invitations expire; every one sent to them loses their address."""
    now = subject.now
    Invitation.objects.filter(
        subject.same_address, accepted_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    Invitation.objects.filter(subject.same_address).update(email=anonymised_email(subject.user))
