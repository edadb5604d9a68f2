import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from intrapreneurs.services import programme_close_call
from investigations.phase import programme_close
from programmes.models import Invitation, Membership, Programme, TransitionError
from programmes.services import (
    invitation_accept,
    invitation_send,
    membership_join_by_email,
    membership_join_by_siret,
    programme_open_call,
)
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import (
    CollectivityFactory,
    InvitationFactory,
    MembershipFactory,
    ProgrammeFactory,
)


class TestTransitions:
    def test_opening_the_call_is_recorded_with_who(self):
        programme = ProgrammeFactory(draft=True)
        referent = UserFactory()

        programme_open_call(programme=programme, by=referent)

        programme.refresh_from_db()
        assert programme.status == Programme.Status.CALL_OPEN
        transition = programme.transitions.get()
        assert (transition.from_status, transition.to_status) == ("draft", "call_open")
        assert transition.by == referent
        assert transition.at is not None

    def test_the_call_needs_a_coach_and_a_designer(self):
        programme = ProgrammeFactory(draft=True, designer=None)

        with pytest.raises(TransitionError, match="coach et le designer"):
            programme_open_call(programme=programme, by=None)

    def test_the_call_needs_a_collectivity(self):
        programme = ProgrammeFactory(draft=True, collectivities=[])

        with pytest.raises(TransitionError, match="collectivité"):
            programme_open_call(programme=programme, by=None)

    def test_the_selection_needs_a_submitted_problem(self):
        programme = ProgrammeFactory(call_open=True)
        ProblemSubmissionFactory(programme=programme, draft=True)

        with pytest.raises(TransitionError, match="Aucun problème"):
            programme_close_call(programme=programme, by=None)

        ProblemSubmissionFactory(programme=programme, submitted=True)
        programme_close_call(programme=programme, by=None)
        programme.refresh_from_db()
        assert programme.status == Programme.Status.SELECTION

    def test_status_never_moves_backwards_or_skips_a_step(self):
        programme = ProgrammeFactory(selection=True)

        with pytest.raises(TransitionError, match="ne peut pas passer"):
            programme.move_to(Programme.Status.CALL_OPEN, by=None)
        with pytest.raises(TransitionError, match="ne peut pas passer"):
            programme.move_to(Programme.Status.CLOSED, by=None)

        assert not programme.transitions.exists()

    def test_a_programme_closes_only_after_its_last_session(self):
        programme = ProgrammeFactory(investigation=True)
        last = programme.session_dates()[-1]

        with pytest.raises(TransitionError, match="dernière séance"):
            programme_close(programme=programme, by=None, today=last - datetime.timedelta(days=1))

        programme_close(programme=programme, by=None, today=last)
        programme.refresh_from_db()
        assert programme.status == Programme.Status.CLOSED


class TestJoining:
    def test_a_verified_address_on_a_known_domain_joins_as_agent(self):
        collectivity = CollectivityFactory(domains=["lehavre.fr"])
        user = UserFactory(email="marie@LeHavre.fr")

        membership_join_by_email(user=user)

        membership = Membership.objects.get(user=user)
        assert (membership.collectivity, membership.role) == (collectivity, "agent")

    def test_an_unverified_address_joins_nothing(self):
        CollectivityFactory(domains=["lehavre.fr"])
        user = UserFactory(email="marie@lehavre.fr", unverified=True)

        membership_join_by_email(user=user)

        assert not Membership.objects.filter(user=user).exists()

    def test_joining_keeps_an_existing_referent_role(self):
        membership = MembershipFactory(referent=True)
        membership.collectivity.email_domains.create(domain="commune.fr")
        EmailAddress.objects.create(
            user=membership.user, email="ref@commune.fr", verified=True, primary=False
        )

        membership_join_by_email(user=membership.user)

        membership.refresh_from_db()
        assert membership.role == Membership.Role.REFERENT

    def test_a_siret_of_a_known_collectivity_joins_it(self):
        collectivity = CollectivityFactory(siren="217603513")
        user = UserFactory()

        membership_join_by_siret(user=user, siret="21760351300003")
        membership_join_by_siret(user=user, siret="123")

        assert [m.collectivity for m in Membership.objects.filter(user=user)] == [collectivity]


class TestInvitations:
    def test_sending_an_invitation_emails_a_link(self, django_capture_on_commit_callbacks):
        collectivity = CollectivityFactory(name="Ville du Havre")
        referent = MembershipFactory(collectivity=collectivity, referent=True).user

        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_send(
                collectivity=collectivity, email=" Paul@LeHavre.fr ", role="agent", by=referent
            )

        assert invitation.email == "paul@lehavre.fr"
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["paul@lehavre.fr"]
        assert "Ville du Havre" in mail.outbox[0].subject
        assert f"/invitations/{invitation.token}/" in mail.outbox[0].body

    def test_a_new_invitation_replaces_the_pending_one(self):
        first = InvitationFactory(email="paul@lehavre.fr")

        invitation_send(
            collectivity=first.collectivity, email="paul@lehavre.fr", role="agent", by=None
        )

        first.refresh_from_db()
        assert not first.is_usable
        assert Invitation.objects.usable().count() == 1

    def test_accepting_creates_the_membership_and_verifies_the_address(self):
        invitation = InvitationFactory(referent=True)
        user = UserFactory(email=invitation.email, unverified=True)

        membership = invitation_accept(invitation=invitation, user=user)

        assert (membership.collectivity, membership.role) == (invitation.collectivity, "referent")
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert EmailAddress.objects.get(user=user).verified

    def test_an_expired_or_used_invitation_is_refused(self):
        user = UserFactory()

        for invitation in (InvitationFactory(expired=True), InvitationFactory(accepted=True)):
            with pytest.raises(TransitionError, match="expiré"):
                invitation_accept(invitation=invitation, user=user)

        assert not Membership.objects.filter(user=user).exists()

    def test_invitations_expire_after_two_weeks(self):
        invitation = InvitationFactory()

        lifetime = invitation.expires_at - timezone.now()

        assert datetime.timedelta(days=13) < lifetime <= datetime.timedelta(days=14)
