"""Programme transitions, invitations and memberships in the audit trail."""

import pytest
from django.urls import reverse

from incubateur.audit.models import AuditEvent
from intrapreneurs.services import programme_close_call
from programmes.models import Membership, TransitionError
from programmes.services import (
    invitation_accept,
    membership_join_by_email,
    membership_join_by_siret,
)
from tests.audit.events import one_event, recorded
from tests.factories import UserFactory
from tests.programmes.factories import (
    CollectivityFactory,
    InvitationFactory,
    MembershipFactory,
    ProgrammeFactory,
)


def transition(client, programme, action):
    return client.post(
        reverse("programmes:programme_transition", args=[programme.slug]), {"action": action}
    )


class TestTransitions:
    def test_opening_the_call_records_who_moved_the_programme(self, client):
        admin = UserFactory(admin=True)
        programme = ProgrammeFactory(draft=True)
        client.force_login(admin)

        transition(client, programme, "open_call")

        event = one_event()
        assert recorded(event) == (admin, "programme.transitioned", programme, programme)
        assert event.changes == {"status": ["draft", "call_open"]}
        assert event.target_label == f"Programme « {programme.name} »"

    def test_an_agent_moving_a_programme_leaves_no_event(self, client):
        programme = ProgrammeFactory(call_open=True)
        client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

        response = transition(client, programme, "close_call")

        assert response.status_code == 403
        assert not AuditEvent.objects.exists()

    def test_a_refused_transition_leaves_no_event(self):
        # No submission: the selection cannot start.
        programme = ProgrammeFactory(call_open=True)

        with pytest.raises(TransitionError):
            programme_close_call(programme=programme, by=programme.coach)

        assert not AuditEvent.objects.exists()


class TestProgrammeTeam:
    def data(self, programme, **overrides):
        return {
            "name": programme.name,
            "slug": programme.slug,
            "collectivities": [c.pk for c in programme.collectivities.all()],
            "call_opens_on": programme.call_opens_on.isoformat(),
            "call_closes_on": programme.call_closes_on.isoformat(),
            "investigation_starts_on": programme.investigation_starts_on.isoformat(),
            "weeks": programme.weeks,
            "weekday": programme.weekday,
            "target_problems": programme.target_problems,
            "coach": programme.coach_id,
            "designer": programme.designer_id,
            "version": programme.version,
            **overrides,
        }

    def test_a_new_designer_is_recorded(self, client):
        admin = UserFactory(admin=True)
        programme = ProgrammeFactory(draft=True)
        previous = programme.designer
        designer = UserFactory(anct=True)
        client.force_login(admin)

        response = client.post(
            reverse("programmes:programme_update", args=[programme.slug]),
            self.data(programme, designer=designer.pk),
        )

        assert response.status_code == 302
        event = one_event()
        assert recorded(event) == (admin, "programme.team_changed", programme, programme)
        assert event.changes == {"designer": [previous.pk, designer.pk]}

    def test_a_new_coach_set_in_the_django_admin_is_recorded(self, client):
        superuser = UserFactory(is_staff=True, is_superuser=True, totp=True)
        programme = ProgrammeFactory(draft=True)
        previous = programme.coach
        coach = UserFactory(anct=True)
        client.force_login(superuser)
        data = self.data(programme, coach=coach.pk)
        data.update({"transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"})

        response = client.post(
            reverse("admin:programmes_programme_change", args=[programme.pk]), data
        )

        assert response.status_code == 302
        event = one_event()
        assert recorded(event) == (superuser, "programme.team_changed", programme, programme)
        assert event.changes == {"coach": [previous.pk, coach.pk]}

    def test_an_edit_that_keeps_the_team_leaves_no_event(self, client):
        programme = ProgrammeFactory(draft=True)
        client.force_login(UserFactory(admin=True))

        response = client.post(
            reverse("programmes:programme_update", args=[programme.slug]),
            self.data(programme, target_problems=4),
        )

        assert response.status_code == 302
        assert not AuditEvent.objects.exists()


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre", domains=["lehavre.fr"])


class TestInvitations:
    def test_sending_records_the_role_but_not_the_address(self, client, le_havre):
        referent = MembershipFactory(referent=True, collectivity=le_havre).user
        client.force_login(referent)

        client.post(
            reverse("programmes:invitation_create", args=[le_havre.pk]),
            {"email": "paul.martin@lehavre.fr", "role": "referent"},
        )

        event = one_event()
        invitation = le_havre.invitations.get()
        assert recorded(event) == (referent, "invitation.sent", invitation, None)
        assert (event.collectivity, event.changes) == (le_havre, {"role": "referent"})
        assert "paul" not in event.target_label

    def test_accepting_records_the_new_membership(self, le_havre):
        user = UserFactory(email="paul@lehavre.fr")
        invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr")

        invitation_accept(invitation=invitation, user=user)

        event = one_event()
        assert recorded(event) == (user, "invitation.accepted", invitation, None)
        assert (event.collectivity, event.changes) == (le_havre, {"role": [None, "agent"]})

    def test_accepting_a_referent_invitation_records_the_promotion(self, le_havre):
        membership = MembershipFactory(agent=True, collectivity=le_havre)
        invitation = InvitationFactory(collectivity=le_havre, referent=True)

        invitation_accept(invitation=invitation, user=membership.user)

        assert one_event(action="invitation.accepted").changes == {"role": ["agent", "referent"]}

    def test_an_expired_invitation_leaves_no_event(self, le_havre):
        invitation = InvitationFactory(collectivity=le_havre, expired=True)

        with pytest.raises(TransitionError):
            invitation_accept(invitation=invitation, user=UserFactory())

        assert not AuditEvent.objects.exists()


class TestJoining:
    def test_joining_by_email_domain_is_recorded_once(self, le_havre):
        user = UserFactory(email="marie@lehavre.fr")

        membership_join_by_email(user=user)
        membership_join_by_email(user=user)

        event = one_event()
        membership = Membership.objects.get(user=user)
        assert recorded(event) == (user, "membership.created", membership, None)
        assert event.collectivity == le_havre
        assert event.changes == {"role": "agent", "via": "email", "user": user.pk}

    def test_an_unverified_address_leaves_no_event(self, le_havre):
        user = UserFactory(email="marie@lehavre.fr", unverified=True)

        membership_join_by_email(user=user)

        assert not AuditEvent.objects.exists()

    def test_joining_by_siret_is_recorded(self):
        collectivity = CollectivityFactory(siren="217603513")
        user = UserFactory()

        membership_join_by_siret(user=user, siret="21760351300003")

        event = one_event()
        assert (event.actor, event.action, event.collectivity) == (
            user,
            "membership.created",
            collectivity,
        )
        assert event.changes["via"] == "siret"


@pytest.fixture
def superuser_client(client):
    superuser = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(superuser)
    client.user = superuser
    return client


class TestDjangoAdmin:
    def test_a_role_changed_in_the_admin_is_recorded(self, superuser_client, le_havre):
        membership = MembershipFactory(agent=True, collectivity=le_havre)

        superuser_client.post(
            reverse("admin:programmes_membership_change", args=[membership.pk]),
            {"user": membership.user.pk, "collectivity": le_havre.pk, "role": "referent"},
        )

        event = one_event()
        assert recorded(event) == (
            superuser_client.user,
            "membership.role_changed",
            membership,
            None,
        )
        assert event.changes == {"role": ["agent", "referent"], "user": membership.user.pk}

    def test_a_membership_removed_in_the_admin_is_recorded(self, superuser_client, le_havre):
        membership = MembershipFactory(referent=True, collectivity=le_havre)
        pk = membership.pk

        superuser_client.post(
            reverse("admin:programmes_membership_delete", args=[pk]), {"post": "yes"}
        )

        assert not Membership.objects.filter(pk=pk).exists()
        event = one_event()
        assert (event.actor, event.action, event.object_id, event.collectivity) == (
            superuser_client.user,
            "membership.removed",
            pk,
            le_havre,
        )
        assert event.changes == {"role": "referent", "user": membership.user.pk}

    def test_memberships_removed_together_are_each_recorded(self, superuser_client, le_havre):
        memberships = [MembershipFactory(collectivity=le_havre) for _ in range(2)]

        superuser_client.post(
            reverse("admin:programmes_membership_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [membership.pk for membership in memberships],
                "post": "yes",
            },
        )

        assert not Membership.objects.exists()
        removed = AuditEvent.objects.filter(action="membership.removed", collectivity=le_havre)
        assert sorted(removed.values_list("object_id", flat=True)) == sorted(
            membership.pk for membership in memberships
        )
        assert AuditEvent.objects.count() == 2

    def test_memberships_edited_inline_with_their_collectivity_are_recorded(
        self, superuser_client, le_havre
    ):
        kept = MembershipFactory(agent=True, collectivity=le_havre)
        removed = MembershipFactory(agent=True, collectivity=le_havre)
        newcomer = UserFactory()
        domain = le_havre.email_domains.get()
        data = {
            "name": le_havre.name,
            "kind": le_havre.kind,
            "siren": le_havre.siren,
            "insee_code": "",
            "departement_code": "",
            "email_domains-TOTAL_FORMS": "1",
            "email_domains-INITIAL_FORMS": "1",
            "email_domains-0-id": domain.pk,
            "email_domains-0-collectivity": le_havre.pk,
            "email_domains-0-domain": domain.domain,
            "memberships-TOTAL_FORMS": "3",
            "memberships-INITIAL_FORMS": "2",
            "memberships-0-id": kept.pk,
            "memberships-0-collectivity": le_havre.pk,
            "memberships-0-user": kept.user.pk,
            "memberships-0-role": "referent",
            "memberships-1-id": removed.pk,
            "memberships-1-collectivity": le_havre.pk,
            "memberships-1-user": removed.user.pk,
            "memberships-1-role": "agent",
            "memberships-1-DELETE": "on",
            "memberships-2-collectivity": le_havre.pk,
            "memberships-2-user": newcomer.pk,
            "memberships-2-role": "agent",
        }

        response = superuser_client.post(
            reverse("admin:programmes_collectivity_change", args=[le_havre.pk]), data
        )

        assert response.status_code == 302
        actions = dict(AuditEvent.objects.values_list("action", "object_id"))
        assert actions == {
            "membership.role_changed": kept.pk,
            "membership.removed": removed.pk,
            "membership.created": Membership.objects.get(user=newcomer).pk,
        }
        assert set(AuditEvent.objects.values_list("actor", flat=True)) == {superuser_client.user.pk}

    @pytest.mark.parametrize(
        ("before", "after", "action"),
        [
            (False, True, "user.admin_granted"),
            (True, False, "user.admin_revoked"),
        ],
    )
    def test_admin_rights_granted_or_withdrawn_are_recorded(
        self, superuser_client, before, after, action
    ):
        user = UserFactory(is_staff=before)
        data = {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": "",
            "phone": "",
            "is_active": "on",
            "is_staff": "on" if after else "",
        }

        response = superuser_client.post(
            reverse("admin:accounts_user_change", args=[user.pk]), data
        )

        assert response.status_code == 302
        event = one_event()
        assert recorded(event) == (superuser_client.user, action, user, None)
        assert event.changes == {"is_staff": [before, after]}
        assert event.target_label == f"Utilisateur n° {user.pk}"

    def test_saving_a_user_without_changing_their_rights_leaves_no_event(self, superuser_client):
        user = UserFactory()
        data = {"email": user.email, "first_name": "Nouveau", "last_name": "", "is_active": "on"}

        response = superuser_client.post(
            reverse("admin:accounts_user_change", args=[user.pk]), data
        )

        assert response.status_code == 302
        user.refresh_from_db()
        assert user.first_name == "Nouveau"
        assert not AuditEvent.objects.exists()
