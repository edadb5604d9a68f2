"""Workflows on collectivités and programmes that span several models. Closing the call
lives with the submissions (intrapreneurs.services), closing the programme with the
investigations (investigations.phase)."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from incubateur.concurrency import bump_version
from incubateur.formtokens.services import form_token_claim
from programmes.models import Collectivity, Invitation, Membership, Programme, TransitionError
from programmes.notifications import notify_invitation


@transaction.atomic
def collectivity_save(*, collectivity: Collectivity, domains, expected_version=None):
    """Save a collectivité from its form with its email domains (an inline formset). An
    edit made over another one saved meanwhile raises ConcurrentEditError, saving
    nothing."""
    if collectivity.pk:
        bump_version(Collectivity, collectivity, expected_version)
    collectivity.save()
    domains.instance = collectivity
    domains.save()
    return collectivity


def _join(*, user, collectivity, via: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, collectivity=collectivity)
    if created:
        record(
            actor=user,
            action=Action.MEMBERSHIP_CREATED,
            target=membership,
            collectivity=collectivity,
            changes={"role": membership.role, "via": via, "user": user.pk},
        )
    return membership


@transaction.atomic
def membership_join_by_email(*, user) -> list[Membership]:
    """Make a user an agent of the collectivités that own the domain of their verified
    email addresses. Existing memberships (and roles) are kept."""
    joined = []
    for email in user.verified_emails():
        for collectivity in Collectivity.objects.matching_email(email):
            joined.append(_join(user=user, collectivity=collectivity, via="email"))
    return joined


@transaction.atomic
def membership_join_by_siret(*, user, siret: str) -> list[Membership]:
    """ProConnect gives the SIRET of the agent's employer: its SIREN may be ours."""
    return [
        _join(user=user, collectivity=collectivity, via="siret")
        for collectivity in Collectivity.objects.matching_siret(siret)
    ]


@transaction.atomic
def invitation_send(*, collectivity, email: str, role: str, by, form_token=None) -> Invitation:
    form_token_claim(token=form_token, user=by)
    email = email.strip().lower()
    # A new invitation replaces any pending one for the same person and collectivité.
    Invitation.objects.usable().filter(collectivity=collectivity, email=email).update(
        expires_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        collectivity=collectivity, email=email, role=role, invited_by=by
    )
    notify_invitation(invitation=invitation)
    record(
        actor=by,
        action=Action.INVITATION_SENT,
        target=invitation,
        collectivity=collectivity,
        changes={"role": role},
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by) -> None:
    """Its link stops working at once; the invitation stays, expired, for the record."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise TransitionError(_("Cette invitation a déjà été acceptée ou a expiré."))
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    record(
        actor=by,
        action=Action.INVITATION_CANCELLED,
        target=invitation,
        collectivity=invitation.collectivity,
        changes={"email": invitation.email},
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise TransitionError(_("Cette invitation a expiré ou a déjà été utilisée."))
    membership, created = Membership.objects.get_or_create(
        user=user, collectivity=invitation.collectivity, defaults={"role": invitation.role}
    )
    previous_role = None if created else membership.role
    # An invitation can promote an agent to referent, never the reverse.
    if not created and invitation.role == Membership.Role.REFERENT:
        membership.role = Membership.Role.REFERENT
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # The invitation reached this address: it is verified.
    EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    record(
        actor=user,
        action=Action.INVITATION_ACCEPTED,
        target=invitation,
        collectivity=invitation.collectivity,
        changes={"role": [previous_role, membership.role]},
    )
    return membership


@transaction.atomic
def programme_open_call(*, programme: Programme, by):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.collectivities.exists():
        raise TransitionError(_("Ajoutez au moins une collectivité avant d’ouvrir l’appel."))
    if not (programme.coach_id and programme.designer_id):
        raise TransitionError(
            _("Désignez le coach et le designer du programme avant d’ouvrir l’appel.")
        )
    return programme.move_to(Programme.Status.CALL_OPEN, by=by)
