"""Workflows on collectivités and programmes that span several models."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from incubateur.concurrency import bump_version
from incubateur.formtokens.services import form_token_claim
from incubateur.notifications.services import notify_recipients
from intrapreneurs.models import ProblemSubmission
from investigations.next_steps import missing_post_mortems
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


@dataclass(frozen=True)
class CallClosingPreview:
    """What closing a programme's call now does, for the confirmation page."""

    closes_on: datetime.date
    planned_closing: datetime.date
    submitted: int
    drafts: int
    # Everyone told by email: the authors of submitted problems and of drafts.
    told: int

    @property
    def is_early(self) -> bool:
        return self.closes_on < self.planned_closing


def call_closing_preview(*, programme: Programme, today=None) -> CallClosingPreview:
    """One query: the status and author of each of the programme's problems."""
    today = today or timezone.localdate()
    rows = list(programme.submissions.values_list("status", "author"))
    drafts = sum(1 for status, _author in rows if status == ProblemSubmission.Status.DRAFT)
    return CallClosingPreview(
        closes_on=min(today, programme.call_closes_on),
        planned_closing=programme.call_closes_on,
        submitted=len(rows) - drafts,
        drafts=drafts,
        told=len({author for _status, author in rows}),
    )


@transaction.atomic
def programme_close_call(*, programme: Programme, by, today=None):
    """End the call and start the selection. Closed before its planned end, the call's
    closing date becomes the real one (the calendars show it); the authors of submitted
    problems and of drafts are told by email (drafts are no longer submittable)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    today = today or timezone.localdate()
    if not programme.submissions.submitted().exists():
        raise TransitionError(
            _("Aucun problème n’a été soumis : la sélection ne peut pas commencer.")
        )
    changes = {}
    if today < programme.call_closes_on:
        changes["call_closes_on"] = [programme.call_closes_on.isoformat(), today.isoformat()]
        programme.call_closes_on = today
        # A call opened before its planned opening: the dates stay in order.
        programme.call_opens_on = min(programme.call_opens_on, today)
        programme.save(update_fields=["call_opens_on", "call_closes_on", "updated_at"])
    transition = programme.move_to(Programme.Status.SELECTION, by=by, changes=changes)
    # The authors of problems (intrapreneurs.notifications).
    notify_recipients(kind="call_closed", obj=programme)
    return transition


@transaction.atomic
def programme_close(*, programme: Programme, by, today=None):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    today = today or timezone.localdate()
    last_session = programme.session_dates()[-1]
    if programme.status == Programme.Status.INVESTIGATION and today < last_session:
        raise TransitionError(
            _("Le programme ne peut être clos qu’après sa dernière séance, le %(date)s.")
            % {"date": date_format(last_session, "j F Y")}
        )
    unfinished = programme.investigations.filter(
        Q(conclusion__isnull=True)
        | Q(committee_review__isnull=True)
        | Q(committee_review__decision="")
    ).select_related("submission")
    if unfinished:
        titles = ", ".join(f"« {investigation}" + " »" for investigation in unfinished)
        raise TransitionError(
            _(
                "Le programme ne peut pas être clos : ces investigations n’ont pas encore de "
                "conclusion ou de décision du comité : %(titles)s."
            )
            % {"titles": titles}
        )
    # An abandon is documented before the programme closes, so that nobody repeats it.
    abandoned = missing_post_mortems(programme)
    if abandoned:
        titles = ", ".join(f"« {investigation} »" for investigation in abandoned)
        raise TransitionError(
            _(
                "Le programme ne peut pas être clos : ces investigations abandonnées n’ont "
                "pas encore leur bilan d’abandon : %(titles)s."
            )
            % {"titles": titles}
        )
    return programme.move_to(Programme.Status.CLOSED, by=by)
