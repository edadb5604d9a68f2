"""Each programme's call has its own introduction, themes and contact, written by admins
and referents, shown on the call page and in the call's emails."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.notifications import registry
from incubateur.notifications.models import Notification
from intrapreneurs.notifications import notify_submission_receipt
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

GENERIC = "Vous voyez dans votre travail un problème qui complique la vie"


@pytest.fixture
def programme():
    return ProgrammeFactory(call_open=True)


@pytest.fixture
def referent(programme):
    return MembershipFactory(referent=True, collectivity=programme.collectivities.get()).user


def url(programme):
    return reverse("programmes:call_content_update", args=[programme.slug])


def content(programme, **changes):
    return {
        "call_introduction": "Le Havre cherche les irritants de l’accueil des familles.",
        "call_themes": "Accueil des usagers\n\nPetite enfance\n",
        "call_contact": "Rémi Lefebvre, referent@lehavre.fr",
        "version": str(programme.version),
        **changes,
    }


@pytest.mark.parametrize("who", ["referent", "admin"])
def test_referents_and_admins_write_the_call_s_text(client, programme, referent, who):
    client.force_login(referent if who == "referent" else UserFactory(admin=True))
    detail = client.get(reverse("programmes:programme_detail", args=[programme.slug]))

    response = client.post(url(programme), content(programme))

    assertContains(detail, url(programme))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.call_theme_list() == ["Accueil des usagers", "Petite enfance"]
    assert programme.call_contact == "Rémi Lefebvre, referent@lehavre.fr"


def test_the_call_page_shows_the_programme_s_own_text(client, programme):
    programme.call_introduction = "Le Havre cherche les irritants de l’accueil des familles."
    programme.call_themes = "Accueil des usagers\nPetite enfance"
    programme.call_contact = "Rémi Lefebvre, referent@lehavre.fr"
    programme.save()
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    other = ProgrammeFactory(call_open=True, collectivities=programme.collectivities.all())
    client.force_login(agent)

    page = client.get(reverse("intrapreneurs:call_detail", args=[programme.slug]))
    generic = client.get(reverse("intrapreneurs:call_detail", args=[other.slug]))

    assertContains(page, "Le Havre cherche les irritants de l’accueil des familles.")
    assertNotContains(page, GENERIC)
    assertContains(page, '<p class="fr-tag">Petite enfance</p>', html=True)
    assertContains(page, "Rémi Lefebvre")
    assertContains(generic, GENERIC)


def test_the_call_s_emails_give_its_contact_and_themes(
    programme, django_capture_on_commit_callbacks, mailoutbox
):
    programme.call_themes = "Petite enfance"
    programme.call_contact = "Rémi Lefebvre, referent@lehavre.fr"
    programme.save()
    submission = ProblemSubmissionFactory(programme=programme, submitted=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user

    with django_capture_on_commit_callbacks(execute=True):
        notify_submission_receipt(submission=submission)
    closing_reminder = Notification(kind="call_closing", recipient=agent, period="once")
    closing = registry.message("call_closing").render(closing_reminder, programme, timezone.now())

    [receipt] = mailoutbox
    assert "Une question sur l’appel ? Rémi Lefebvre, referent@lehavre.fr" in receipt.body
    assert "- Petite enfance" in closing.body
    assert "Une question ? Rémi Lefebvre, referent@lehavre.fr" in closing.body


def test_agents_may_not_write_the_call_s_text(client, programme):
    client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

    assert client.post(url(programme), content(programme)).status_code == 403


def test_a_referent_of_another_collectivity_gets_404(client, programme):
    client.force_login(MembershipFactory(referent=True).user)

    assert client.get(url(programme)).status_code == 404


def test_a_text_too_long_is_refused_in_french_and_kept(client, programme, referent):
    client.force_login(referent)

    response = client.post(url(programme), content(programme, call_contact="x" * 301))

    assert response.status_code == 200
    assertContains(response, "x" * 301)
    programme.refresh_from_db()
    assert programme.call_contact == ""
