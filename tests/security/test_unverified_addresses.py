"""Unverified addresses are never trusted (issue 24, point 2). Anyone signed in may type
any address at « Adresses électroniques » (/comptes/email/); until they confirm it, it
links them to nothing: not in the personal-data export, not on their pages, not to the
invitations or emails sent to it, not to the collectivité owning its domain, not to a
ProConnect login carrying it, and deleting their account leaves it alone."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from incubateur.accounts.models import User
from incubateur.notifications.models import Notification
from incubateur.privacy.services import user_anonymise
from programmes import services
from programmes.models import Invitation, Membership
from tests.accounts.fake_oidc import Agent, sign_in_with_proconnect
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory

VICTIM = "camille.martin@lehavre.fr"  # the ProConnect test agent's address
LE_HAVRE = "Ville du Havre"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts e-mails sent and addresses added in the cache


@pytest.fixture
def le_havre():
    """Another tenant: it owns lehavre.fr and has invited Camille (an email went out)."""
    collectivity = CollectivityFactory(name=LE_HAVRE, domains=["lehavre.fr"])
    referent = MembershipFactory(collectivity=collectivity, referent=True).user
    services.invitation_send(
        collectivity=collectivity, email=VICTIM, role=Membership.Role.REFERENT, by=referent
    )
    assert Notification.objects.filter(email=VICTIM).exists()
    return collectivity


@pytest.fixture
def intruder(client, le_havre):
    """An agent of Rouen who types Camille's address on their own account, through
    allauth's page, and never confirms it."""
    intruder = MembershipFactory(collectivity=CollectivityFactory(name="Ville de Rouen")).user
    client.force_login(intruder)
    response = client.post(reverse("account_email"), {"action_add": "", "email": VICTIM})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=VICTIM).user == intruder
    assert not EmailAddress.objects.get(email=VICTIM).verified
    return intruder


def test_the_export_holds_no_invitation_nor_email_sent_to_the_unverified_address(client, intruder):
    response = client.get(reverse("privacy:download"))

    data = json.loads(response.content)
    assert data["invitations_received"] == []
    assert all(n["email"] != VICTIM for n in data["notifications"])
    # Only the address they typed, as unverified; nothing of Le Havre anywhere.
    assert {"email": VICTIM, "verified": False, "primary": False} in data["email_addresses"]
    assert LE_HAVRE not in response.content.decode()
    assert "Référent" not in response.content.decode()


def test_pages_show_nothing_of_the_other_tenant(client, intruder, le_havre):
    assertNotContains(client.get(reverse("home")), LE_HAVRE)
    detail = reverse("programmes:collectivity_detail", args=[le_havre.pk])
    assert client.get(detail).status_code == 404


def test_the_domain_of_an_unverified_address_joins_no_collectivite(client, intruder, le_havre):
    # Confirming their own address runs the domain matching over all their addresses.
    own = EmailAddress.objects.get(user=intruder, email=intruder.email)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=own)
    services.membership_join_by_email(user=intruder)

    assert not Membership.objects.filter(user=intruder, collectivity=le_havre).exists()
    assertNotContains(client.get(reverse("home")), LE_HAVRE)


def test_once_confirmed_the_address_does_link(client, intruder, le_havre):
    # The counterpart: the rule is about proof, not about second addresses.
    address = EmailAddress.objects.get(email=VICTIM)
    address.verified = True
    address.save()
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    data = json.loads(client.get(reverse("privacy:download")).content)
    assert [i["collectivity"] for i in data["invitations_received"]] == [LE_HAVRE]
    assert Membership.objects.filter(user=intruder, collectivity=le_havre).exists()


def test_deleting_the_account_leaves_the_invitation_to_that_address_alone(intruder, le_havre):
    user_anonymise(intruder, reason="test", by=intruder)

    invitation = Invitation.objects.get(collectivity=le_havre)
    assert invitation.email == VICTIM
    assert invitation.is_usable
    assert Notification.objects.filter(email=VICTIM).exists()


def test_a_proconnect_login_with_that_address_never_lands_in_the_intruders_account(
    client, proconnect, intruder, le_havre
):
    client.logout()

    response = sign_in_with_proconnect(client, proconnect, Agent(email=VICTIM))

    # Camille gets an account of her own; the intruder's claim on her address is gone.
    assert response.url == reverse("home")
    camille = get_user(client)
    assert camille != intruder
    assert camille.email == VICTIM
    assert SocialAccount.objects.get().user == camille
    assert not EmailAddress.objects.filter(user=intruder, email=VICTIM).exists()
    assert not Membership.objects.filter(user=intruder, collectivity=le_havre).exists()
    assert Membership.objects.filter(user=camille, collectivity=le_havre).exists()
    assert set(Membership.objects.filter(user=intruder).values_list("collectivity__name")) == {
        ("Ville de Rouen",)
    }


def test_a_proconnect_login_still_finds_the_account_that_verified_the_address(
    client, proconnect, le_havre
):
    camille = UserFactory(email=VICTIM)
    users = User.objects.count()

    sign_in_with_proconnect(client, proconnect, Agent(email=VICTIM))

    assert get_user(client) == camille
    assert SocialAccount.objects.get().user == camille
    assert User.objects.count() == users


def test_the_owner_can_still_sign_up_with_the_address_and_the_claim_gives_way(
    client, intruder, mailoutbox
):
    client.logout()

    client.post(
        reverse("account_signup"),
        {
            "email": VICTIM,
            "first_name": "Camille",
            "last_name": "Durand",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )

    camille = User.objects.get(email=VICTIM)
    assert EmailAddress.objects.get(email=VICTIM).user == camille
    # A confirmation link, not allauth's « you already have an account » e-mail.
    [email] = mailoutbox
    assert email.to == [VICTIM]
    assert "/comptes/confirm-email/" in email.body
