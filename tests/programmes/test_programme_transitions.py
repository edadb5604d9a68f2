import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from programmes.models import Programme, ProgrammeTransition
from tests.factories import UserFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre")


@pytest.fixture
def referent(le_havre):
    return MembershipFactory(referent=True, collectivity=le_havre).user


def transition_url(programme):
    return reverse("programmes:programme_transition", args=[programme.slug])


def detail_url(programme):
    return reverse("programmes:programme_detail", args=[programme.slug])


def submit_problem(programme, status=ProblemSubmission.Status.SUBMITTED):
    collectivity = programme.collectivities.first()
    return ProblemSubmission.objects.create(
        programme=programme,
        collectivity=collectivity,
        author=MembershipFactory(collectivity=collectivity).user,
        title="Rendez-vous non honorés",
        problem="Un tiers des rendez-vous ne sont pas honorés.",
        affected_users="Les usagers des services sociaux.",
        service="Action sociale",
        status=status,
        submitted_at=timezone.now(),
    )


def test_admins_open_the_call_and_the_change_is_recorded(client, le_havre):
    admin = UserFactory(admin=True)
    programme = ProgrammeFactory(draft=True, collectivities=[le_havre])
    client.force_login(admin)

    response = client.post(transition_url(programme), {"action": "open_call"}, follow=True)

    assertRedirects(response, detail_url(programme))
    assertContains(response, "L’appel à problèmes est ouvert.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN
    transition = ProgrammeTransition.objects.get(programme=programme)
    assert (transition.from_status, transition.to_status) == ("draft", "call_open")
    assert transition.by == admin


def test_the_call_cannot_open_without_coach_and_designer(client, le_havre):
    programme = ProgrammeFactory(draft=True, collectivities=[le_havre], designer=None)
    client.force_login(UserFactory(admin=True))

    response = client.post(transition_url(programme), {"action": "open_call"}, follow=True)

    assert response.status_code == 200
    assertContains(response, "fr-alert--error")
    assertContains(
        response, "Désignez le coach et le designer du programme avant d’ouvrir l’appel."
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
    assert not ProgrammeTransition.objects.exists()


def test_referents_close_the_call_once_a_problem_was_submitted(client, le_havre, referent):
    programme = ProgrammeFactory(call_open=True, collectivities=[le_havre])
    submit_problem(programme)
    client.force_login(referent)

    response = client.post(
        transition_url(programme), {"action": "close_call", "confirmed": "1"}, follow=True
    )

    assertContains(response, "L’appel est clos : la sélection commence.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION
    assert ProgrammeTransition.objects.get(programme=programme).by == referent


def test_the_call_cannot_close_without_a_submitted_problem(client, le_havre, referent):
    programme = ProgrammeFactory(call_open=True, collectivities=[le_havre])
    submit_problem(programme, status=ProblemSubmission.Status.DRAFT)
    client.force_login(referent)

    response = client.post(
        transition_url(programme), {"action": "close_call", "confirmed": "1"}, follow=True
    )

    assertContains(response, "Aucun problème n’a été soumis : la sélection ne peut pas commencer.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN


def test_an_action_that_does_not_fit_the_status_is_explained(client, le_havre):
    programme = ProgrammeFactory(selection=True, collectivities=[le_havre])
    client.force_login(UserFactory(admin=True))

    response = client.post(transition_url(programme), {"action": "open_call"}, follow=True)

    assertContains(
        response,
        "Le programme est au statut « Sélection » : "
        "il ne peut pas passer au statut « Appel ouvert ».",
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION


def test_the_programme_cannot_close_before_its_last_session(client, le_havre):
    programme = ProgrammeFactory(investigation=True, collectivities=[le_havre])
    client.force_login(UserFactory(admin=True))

    response = client.post(transition_url(programme), {"action": "close"}, follow=True)

    assertContains(response, "Le programme ne peut être clos qu’après sa dernière séance")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.INVESTIGATION


def test_admins_close_the_programme_after_its_last_session(client, le_havre):
    admin = UserFactory(admin=True)
    today = timezone.localdate()
    programme = ProgrammeFactory(
        investigation=True,
        collectivities=[le_havre],
        call_opens_on=today - datetime.timedelta(days=200),
        call_closes_on=today - datetime.timedelta(days=180),
        investigation_starts_on=today - datetime.timedelta(days=150),
    )
    client.force_login(admin)

    response = client.post(transition_url(programme), {"action": "close"}, follow=True)

    assertContains(response, "Le programme est clos.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CLOSED
    assert ProgrammeTransition.objects.get(programme=programme).by == admin


def test_referents_may_not_close_the_programme(client, le_havre, referent):
    programme = ProgrammeFactory(investigation=True, collectivities=[le_havre])
    client.force_login(referent)

    response = client.post(transition_url(programme), {"action": "close"})

    assert response.status_code == 403


def test_agents_may_not_close_the_call(client, le_havre):
    programme = ProgrammeFactory(call_open=True, collectivities=[le_havre])
    submit_problem(programme)
    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)

    response = client.post(transition_url(programme), {"action": "close_call"})

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN


def test_referents_of_another_collectivity_get_404(client, le_havre):
    programme = ProgrammeFactory(call_open=True, collectivities=[le_havre])
    client.force_login(MembershipFactory(referent=True).user)

    response = client.post(transition_url(programme), {"action": "close_call"})

    assert response.status_code == 404


def test_an_unknown_action_is_a_bad_request(client, le_havre):
    programme = ProgrammeFactory(call_open=True, collectivities=[le_havre])
    client.force_login(UserFactory(admin=True))

    response = client.post(transition_url(programme), {"action": "skip_to_the_end"})

    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN


def test_anonymous_visitors_are_sent_to_the_login(client, le_havre):
    programme = ProgrammeFactory(draft=True, collectivities=[le_havre])

    response = client.post(transition_url(programme), {"action": "open_call"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT


def test_a_get_changes_nothing(client, le_havre):
    programme = ProgrammeFactory(draft=True, collectivities=[le_havre])
    client.force_login(UserFactory(admin=True))

    assert client.get(transition_url(programme), {"action": "open_call"}).status_code == 405
