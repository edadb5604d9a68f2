import re
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from incubateur.accounts.models import User
from programmes.models import Membership
from tests.accounts.fake_oidc import Agent, sign_in_with_proconnect
from tests.factories import UserFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory

# The SIREN of the fake ProConnect agent's SIRET (21760351300011).
LE_HAVRE_SIREN = "217603513"


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth counts rate limits in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre", siren=LE_HAVRE_SIREN, domains=["lehavre.fr"])


# Email domain, through allauth's real signup and confirmation


def sign_up(client, email):
    response = client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Camille",
            "last_name": "Martin",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
        },
    )
    assert response.status_code == 302
    return User.objects.get(email__iexact=email)


def confirm_email(client):
    url = re.search(r"https?://[^/\s]+(/comptes/confirm-email/[^\s]+)", mail.outbox[-1].body)
    return client.post(url.group(1))


def test_a_verified_address_on_a_collectivity_domain_joins_it_as_agent(client, le_havre):
    user = sign_up(client, "Camille.Martin@LeHavre.fr")
    assert not Membership.objects.exists()

    response = confirm_email(client)

    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.collectivity == le_havre
    assert membership.role == Membership.Role.AGENT


def test_an_address_on_another_domain_joins_nothing(client, le_havre):
    sign_up(client, "camille@example.org")

    confirm_email(client)

    assert not Membership.objects.exists()


def test_confirming_keeps_an_existing_referent_role(le_havre):
    membership = MembershipFactory(referent=True, collectivity=le_havre)
    address = EmailAddress.objects.create(
        user=membership.user, email="claire@lehavre.fr", verified=True
    )

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    membership.refresh_from_db()
    assert membership.role == Membership.Role.REFERENT
    assert Membership.objects.count() == 1


# ProConnect


def test_a_proconnect_agent_joins_by_siret_even_from_another_domain(client, proconnect, le_havre):
    response = sign_in_with_proconnect(client, proconnect, Agent(email="camille@agglo-exemple.fr"))

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="camille@agglo-exemple.fr")
    assert membership.collectivity == le_havre
    assert membership.role == Membership.Role.AGENT


def test_a_proconnect_agent_joins_by_email_domain(client, proconnect):
    metropole = CollectivityFactory(domains=["lehavremetro.fr"])

    sign_in_with_proconnect(
        client, proconnect, Agent(email="camille@lehavremetro.fr", siret="13002526500013")
    )

    assert Membership.objects.get().collectivity == metropole


def test_a_proconnect_agent_of_an_unknown_employer_joins_nothing(client, proconnect):
    CollectivityFactory(domains=["lehavre.fr"])

    sign_in_with_proconnect(
        client, proconnect, Agent(email="camille@example.org", siret="13002526500013")
    )

    assert User.objects.filter(email="camille@example.org").exists()
    assert not Membership.objects.exists()


def fake_sociallogin(provider, extra_data):
    return SimpleNamespace(account=SimpleNamespace(provider=provider, extra_data=extra_data))


def send_logged_in(user, sociallogin=None):
    request = RequestFactory().get("/")
    kwargs = {"sociallogin": sociallogin} if sociallogin else {}
    user_logged_in.send(sender=User, request=request, response=None, user=user, **kwargs)


def test_the_siret_is_read_from_the_userinfo_claims(le_havre):
    user = UserFactory(email="camille@example.org")

    send_logged_in(
        user,
        fake_sociallogin(
            "proconnect", {"userinfo": {"siret": "21760351300011"}, "id_token": {"sub": "x"}}
        ),
    )

    assert Membership.objects.get(user=user).collectivity == le_havre


def test_a_password_login_does_not_join_by_siret_or_domain(le_havre):
    user = UserFactory(email="camille@lehavre.fr")

    send_logged_in(user)

    assert not Membership.objects.exists()


def test_another_provider_is_not_trusted_with_a_siret(le_havre):
    user = UserFactory(email="camille@example.org")

    send_logged_in(user, fake_sociallogin("autre", {"userinfo": {"siret": "21760351300011"}}))

    assert not Membership.objects.exists()
