"""Rate limits bite (issue 8, point 3): allauth's on sign-in, sign-up and password reset
(ACCOUNT_RATE_LIMITS), ours on invitations and submissions (RATE_LIMIT_* settings). The
attempt over the limit is refused in French and changes nothing; a refused form keeps what
was typed. The counters live in the cache, cleared before each test (tests/conftest.py).
The lock-out of one e-mail after failed sign-ins is in tests/accounts/test_login.py."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from intrapreneurs.models import ProblemSubmission
from programmes.models import Invitation
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.usefixtures("media_root")

TOO_MANY = "Trop de tentatives en peu de temps : rien n’a été enregistré."


def allowed(action: str, per: str) -> int:
    """How many attempts ACCOUNT_RATE_LIMITS allows for `action`, counted `per` ip/key."""
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        amount, _period, counted_per = rate.split("/")
        if counted_per == per:
            return int(amount)
    raise LookupError(action)


# allauth


def test_sign_in_attempts_from_one_address_are_limited_with_a_french_429_page(client):
    user = UserFactory()
    for index in range(allowed("login", "ip")):
        # Different e-mails, so that the per-e-mail lock-out is not what bites.
        client.post(reverse("account_login"), {"login": f"x{index}@example.org", "password": "x"})

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "motdepasse-solide-2026"}
    )

    assertContains(response, "Trop de tentatives", status_code=429)
    assertContains(response, "Erreur 429", status_code=429)
    assert "_auth_user_id" not in client.session


def test_password_reset_requests_for_one_address_are_limited(client):
    user = UserFactory()
    for _ in range(allowed("reset_password", "key")):
        client.post(reverse("account_reset_password"), {"email": user.email})
    sent = len(mail.outbox)

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assertContains(response, "Trop de tentatives", status_code=429)
    assert len(mail.outbox) == sent


def test_sign_ups_from_one_address_are_limited(client):
    for index in range(allowed("signup", "ip")):
        client.post(reverse("account_signup"), {"email": f"bad{index}@example.org"})

    response = client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "first_name": "Camille",
            "last_name": "Martin",
            "password1": "un-mot-de-passe-tres-solide",
            "password2": "un-mot-de-passe-tres-solide",
        },
    )

    assertContains(response, "Trop de tentatives", status_code=429)
    assert not UserFactory._meta.model.objects.filter(email="nouvelle@example.org").exists()


# Invitations: each one sends an e-mail.


def invite(client, collectivity, email):
    return client.post(
        reverse("programmes:invitation_create", args=[collectivity.pk]),
        {"email": email, "role": "agent"},
    )


def test_a_referent_sending_too_many_invitations_is_stopped_and_keeps_the_typed_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMIT_INVITATIONS_PER_USER = "2/h"
    le_havre = CollectivityFactory()
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(2):
            assert invite(client, le_havre, f"agent{index}@lehavre.fr").status_code == 302

        response = invite(client, le_havre, "une-de-trop@lehavre.fr")

    assertContains(response, TOO_MANY, status_code=429)
    assertContains(response, 'value="une-de-trop@lehavre.fr"', status_code=429)
    assert Invitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_invitation_limit_counts_each_referent_apart(client, settings):
    settings.RATE_LIMIT_INVITATIONS_PER_USER = "1/h"
    le_havre = CollectivityFactory()
    first, second = (MembershipFactory(referent=True, collectivity=le_havre).user for _ in range(2))
    client.force_login(first)
    invite(client, le_havre, "a@lehavre.fr")
    client.force_login(second)

    assert invite(client, le_havre, "b@lehavre.fr").status_code == 302
    assert Invitation.objects.count() == 2


def test_invitations_from_one_address_are_limited_whoever_sends_them(client, settings):
    settings.RATE_LIMIT_INVITATIONS_PER_IP = "2/h"
    le_havre = CollectivityFactory()
    for index in range(2):
        client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)
        invite(client, le_havre, f"agent{index}@lehavre.fr")
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = invite(client, le_havre, "une-de-trop@lehavre.fr")

    assertContains(response, TOO_MANY, status_code=429)
    assert Invitation.objects.count() == 2


# Submissions: create and edit share one budget per agent.

SUBMISSION = {
    "title": "Rendez-vous non honorés au CCAS",
    "problem": "Un rendez-vous sur quatre n’est pas honoré.",
    "affected_users": "Les usagers du CCAS.",
    "current_cost": "Des créneaux perdus.",
    "evidence": "Le registre de 2025.",
    "service": "CCAS",
    "current_handling": "Des rappels par téléphone.",
    "action": "draft",
}


def test_an_agent_posting_too_many_submissions_is_stopped_and_keeps_the_typed_text(
    client, settings
):
    settings.RATE_LIMIT_SUBMISSIONS_PER_USER = "2/h"
    programme = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    client.force_login(agent)
    url = reverse("intrapreneurs:submission_create", args=[programme.slug])
    for _ in range(2):
        assert client.post(url, SUBMISSION).status_code == 302

    response = client.post(url, {**SUBMISSION, "title": "Le problème de trop"})

    assertContains(response, TOO_MANY, status_code=429)
    assertContains(response, 'value="Le problème de trop"', status_code=429)
    assert ProblemSubmission.objects.filter(author=agent).count() == 2


def test_edits_count_in_the_same_budget_and_change_nothing_over_it(client, settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_USER = "1/h"
    submission = ProblemSubmissionFactory(draft=True, programme__call_open=True)
    client.force_login(submission.author)
    url = reverse("intrapreneurs:submission_update", args=[submission.pk])
    data = {**SUBMISSION, "version": submission.version}
    assert client.post(url, {**data, "title": "Premier titre"}).status_code == 302
    submission.refresh_from_db()

    response = client.post(url, {**data, "version": submission.version, "title": "Second titre"})

    assertContains(response, TOO_MANY, status_code=429)
    submission.refresh_from_db()
    assert submission.title == "Premier titre"


def test_viewing_the_forms_is_never_limited(client, settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_USER = "1/h"
    programme = ProgrammeFactory(call_open=True)
    client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)
    url = reverse("intrapreneurs:submission_create", args=[programme.slug])

    for _ in range(3):
        assert client.get(url).status_code == 200
    assert client.post(url, SUBMISSION).status_code == 302
