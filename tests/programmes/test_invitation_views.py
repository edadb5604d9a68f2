import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from programmes.models import Invitation, Membership
from tests.factories import UserFactory
from tests.programmes.factories import CollectivityFactory, InvitationFactory, MembershipFactory


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre")


def invite_url(collectivity):
    return reverse("programmes:invitation_create", args=[collectivity.pk])


def accept_url(invitation):
    return reverse("programmes:invitation_accept", args=[invitation.token])


# Sending


@pytest.mark.parametrize("role", [Membership.Role.AGENT, Membership.Role.REFERENT])
def test_referents_invite_agents_and_referents_of_their_collectivity(
    client, le_havre, role, django_capture_on_commit_callbacks
):
    referent = MembershipFactory(referent=True, collectivity=le_havre).user
    client.force_login(referent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(le_havre), {"email": " Paul.Martin@LeHavre.fr ", "role": role}
        )

    assertRedirects(response, reverse("programmes:collectivity_detail", args=[le_havre.pk]))
    invitation = Invitation.objects.get()
    assert invitation.email == "paul.martin@lehavre.fr"
    assert invitation.role == role
    assert invitation.invited_by == referent
    assert mail.outbox[0].to == ["paul.martin@lehavre.fr"]
    assert accept_url(invitation) in mail.outbox[0].body


def test_admins_invite_into_any_collectivity(client, le_havre):
    client.force_login(UserFactory(admin=True))

    client.post(invite_url(le_havre), {"email": "paul@lehavre.fr", "role": "referent"})

    assert Invitation.objects.get().collectivity == le_havre


@pytest.mark.parametrize("role", ["agent", "referent_elsewhere"])
def test_agents_and_other_referents_get_404_when_inviting(client, le_havre, role):
    if role == "agent":
        user = MembershipFactory(agent=True, collectivity=le_havre).user
    else:
        user = MembershipFactory(referent=True).user
    client.force_login(user)

    response = client.post(invite_url(le_havre), {"email": "paul@lehavre.fr", "role": "agent"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_anonymous_visitors_cannot_invite(client, le_havre):
    response = client.post(invite_url(le_havre), {"email": "paul@lehavre.fr", "role": "agent"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Invitation.objects.exists()


def test_an_invalid_invitation_shows_french_errors_and_keeps_the_email(client, le_havre):
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.post(invite_url(le_havre), {"email": "paul@", "role": "chef"})

    assert response.status_code == 200
    assertContains(response, "Saisissez une adresse de courriel valide.")
    assertContains(response, "Sélectionnez un choix valide.")
    assertContains(response, 'value="paul@"')
    assertContains(response, 'role="alert"')
    assert not Invitation.objects.exists()


# Accepting


def test_anonymous_visitors_see_the_invitation_and_how_to_log_in_first(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr", referent=True)

    response = client.get(accept_url(invitation))

    assertContains(response, "Ville du Havre")
    assertContains(response, "en tant que référent·e")
    url = accept_url(invitation)
    assertContains(response, f"{reverse('account_login')}?next={url}")
    assertContains(response, f"{reverse('account_signup')}?next={url}&amp;email=paul%40lehavre.fr")
    assertNotContains(response, ">Accepter</button>")


def test_the_signup_page_is_prefilled_with_the_invited_email(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr")

    response = client.get(
        reverse("account_signup"), {"next": accept_url(invitation), "email": invitation.email}
    )

    assertContains(response, 'value="paul@lehavre.fr"')


def test_logged_in_users_accept_and_become_agents(client, le_havre):
    user = UserFactory(email="paul@lehavre.fr", unverified=True)
    invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr")
    client.force_login(user)

    page = client.get(accept_url(invitation))
    response = client.post(accept_url(invitation), follow=True)

    assertContains(page, ">Accepter</button>")
    assertRedirects(response, reverse("home"))
    assertContains(response, "Vous avez rejoint Ville du Havre en tant qu’agent.")
    assert Membership.objects.get(user=user, collectivity=le_havre).role == Membership.Role.AGENT
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The invitation reached the address: it counts as verified.
    assert EmailAddress.objects.get(user=user).verified


def test_accepting_a_referent_invitation_promotes_an_agent(client, le_havre):
    membership = MembershipFactory(agent=True, collectivity=le_havre)
    invitation = InvitationFactory(collectivity=le_havre, referent=True)
    client.force_login(membership.user)

    client.post(accept_url(invitation))

    membership.refresh_from_db()
    assert membership.role == Membership.Role.REFERENT


def test_a_user_with_another_email_is_told_before_accepting(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr")
    client.force_login(UserFactory(email="p.martin@example.org"))

    response = client.get(accept_url(invitation))

    assertContains(response, "Cette invitation a été envoyée à paul@lehavre.fr")


def test_posting_anonymously_sends_to_the_login(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre)

    response = client.post(accept_url(invitation))

    assertRedirects(
        response,
        f"{reverse('account_login')}?next={accept_url(invitation)}",
        fetch_redirect_response=False,
    )
    assert not Membership.objects.exists()


def test_an_expired_invitation_is_explained_and_cannot_be_accepted(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    user = UserFactory()
    client.force_login(user)

    page = client.get(accept_url(invitation))
    response = client.post(accept_url(invitation))

    assert page.status_code == 410
    assertContains(page, "Cette invitation a expiré", status_code=410)
    assertNotContains(page, ">Accepter</button>", status_code=410)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=user).exists()


def test_a_used_invitation_is_explained(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre, accepted=True)

    response = client.get(accept_url(invitation))

    assertContains(response, "Cette invitation a déjà été utilisée", status_code=410)


def test_an_unknown_token_is_a_404(client):
    response = client.get(reverse("programmes:invitation_accept", args=["inconnu"]))

    assert response.status_code == 404


# Outside the collectivité's domains, and cancelling


def test_an_address_outside_the_domains_asks_for_confirmation_then_is_invited(
    client, le_havre, django_capture_on_commit_callbacks
):
    le_havre.email_domains.create(domain="lehavre.fr")
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.post(invite_url(le_havre), {"email": "paul@gmail.com", "role": "agent"})

    assertContains(response, "« gmail.com » n’est pas un domaine de la collectivité (lehavre.fr)")
    assertContains(response, 'name="outside_domain"')
    assertContains(response, 'value="paul@gmail.com"')
    assert not Invitation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url(le_havre),
            {"email": "paul@gmail.com", "role": "agent", "outside_domain": "on"},
        )

    assert response.status_code == 302
    assert Invitation.objects.get().email == "paul@gmail.com"


def test_an_address_on_a_domain_of_the_collectivity_needs_no_confirmation(client, le_havre):
    le_havre.email_domains.create(domain="lehavre.fr")
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    page = client.get(reverse("programmes:collectivity_detail", args=[le_havre.pk]))
    response = client.post(invite_url(le_havre), {"email": "paul@lehavre.fr", "role": "agent"})

    assertNotContains(page, 'name="outside_domain"')
    assert response.status_code == 302
    assert Invitation.objects.get().email == "paul@lehavre.fr"


def test_a_referent_cancels_a_pending_invitation(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre, email="paul@lehavre.fr")
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)
    cancel_url = reverse("programmes:invitation_cancel", args=[le_havre.pk, invitation.pk])
    page = client.get(reverse("programmes:collectivity_detail", args=[le_havre.pk]))

    response = client.post(cancel_url, follow=True)

    assertContains(page, cancel_url)
    assertContains(response, "L’invitation de paul@lehavre.fr est annulée")
    invitation.refresh_from_db()
    assert not invitation.is_usable
    assertContains(client.get(accept_url(invitation)), "expiré", status_code=410)


def test_invitations_of_another_collectivity_cannot_be_cancelled(client, le_havre):
    invitation = InvitationFactory(collectivity=le_havre)
    other = MembershipFactory(referent=True).user
    client.force_login(other)

    response = client.post(
        reverse(
            "programmes:invitation_cancel",
            args=[other.memberships.get().collectivity_id, invitation.pk],
        )
    )

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_usable
