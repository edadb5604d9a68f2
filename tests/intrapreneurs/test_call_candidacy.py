import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import Candidacy
from programmes.models import Programme
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory

VALID = {
    "motivation": "J’aimerais comprendre pourquoi les usagers renoncent.",
    "manager_name": "Nadia Petit",
    "manager_email": "nadia.petit@lehavre.fr",
    "manager_agrees": "on",
}


def candidacy_url(programme):
    return reverse("intrapreneurs:candidacy_form", args=[programme.slug])


def test_an_agent_volunteers_with_their_manager_agreement(client, programme, agent):
    client.force_login(agent)

    response = client.post(candidacy_url(programme), VALID)

    assertRedirects(response, reverse("intrapreneurs:call_detail", args=[programme.slug]))
    candidacy = Candidacy.objects.get()
    assert (candidacy.programme, candidacy.agent) == (programme, agent)
    assert candidacy.manager_name == "Nadia Petit"
    assert candidacy.manager_email == "nadia.petit@lehavre.fr"
    assert candidacy.manager_agrees is True


def test_the_manager_agreement_may_come_later(client, programme, agent):
    client.force_login(agent)

    client.post(candidacy_url(programme), {**VALID, "manager_agrees": ""})

    assert Candidacy.objects.get().manager_agrees is False


def test_preferred_problems_are_the_programme_submitted_ones(client, programme, agent):
    submitted = ProblemSubmissionFactory(programme=programme, submitted=True, title="Soumis")
    draft = ProblemSubmissionFactory(programme=programme, title="Brouillon d’un collègue")
    elsewhere = ProblemSubmissionFactory(submitted=True, title="Problème d’un autre programme")
    client.force_login(agent)

    page = client.get(candidacy_url(programme))
    client.post(candidacy_url(programme), {**VALID, "preferred_problems": [submitted.pk]})

    assertContains(page, 'name="preferred_problems"', count=1)
    assertNotContains(page, 'dsfr="dsfr"')
    assertContains(page, "Soumis")
    assertNotContains(page, draft.title)
    assertNotContains(page, elsewhere.title)
    assert list(Candidacy.objects.get().preferred_problems.all()) == [submitted]


@pytest.mark.parametrize("kind", ["draft", "other-programme"])
def test_a_problem_outside_the_offered_ones_is_refused(client, programme, agent, kind):
    if kind == "draft":
        problem = ProblemSubmissionFactory(programme=programme)
    else:
        problem = ProblemSubmissionFactory(submitted=True)
    client.force_login(agent)

    response = client.post(candidacy_url(programme), {**VALID, "preferred_problems": [problem.pk]})

    assertContains(response, "Sélectionnez un choix valide.")
    assertContains(response, 'href="#id_preferred_problems_0"')
    assert not Candidacy.objects.exists()


def test_missing_and_invalid_fields_are_explained_in_french(client, programme, agent):
    client.force_login(agent)

    response = client.post(
        candidacy_url(programme),
        {"manager_name": "Nadia Petit", "manager_email": "nadia.petit"},
    )

    assertContains(response, '<div class="fr-alert fr-alert--error fr-mb-4w" role="alert">')
    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, "Dites-nous en quelques mots ce qui vous motive.", count=2)
    assertContains(response, "Saisissez une adresse électronique valide", count=2)
    assertContains(response, 'value="Nadia Petit"')
    assert not Candidacy.objects.exists()


def test_an_agent_edits_their_candidacy(client, programme, agent):
    problem = ProblemSubmissionFactory(programme=programme, submitted=True)
    candidacy = CandidacyFactory(programme=programme, agent=agent, manager_agrees=False)
    client.force_login(agent)

    page = client.get(candidacy_url(programme))
    client.post(
        candidacy_url(programme),
        {**VALID, "version": 1, "preferred_problems": [problem.pk]},
    )

    assertContains(page, candidacy.motivation)
    assertContains(page, "Enregistrer ma candidature")
    candidacy.refresh_from_db()
    assert candidacy.manager_agrees is True
    assert candidacy.motivation == VALID["motivation"]
    assert list(candidacy.preferred_problems.all()) == [problem]
    assert Candidacy.objects.count() == 1


def test_a_concurrent_edit_of_the_candidacy_is_reported(client, programme, agent):
    candidacy = CandidacyFactory(programme=programme, agent=agent)
    client.force_login(agent)

    client.post(candidacy_url(programme), {**VALID, "version": 1, "manager_name": "Premier"})
    response = client.post(
        candidacy_url(programme), {**VALID, "version": 1, "manager_name": "Second"}
    )

    assertContains(response, "a été modifié par quelqu’un d’autre")
    assertContains(response, 'value="Second"')
    assertContains(response, '<input type="hidden" name="version" value="2"')
    candidacy.refresh_from_db()
    assert candidacy.manager_name == "Premier"


@pytest.mark.parametrize(
    "closing",
    [
        {"call_closes_on": timezone.localdate() - datetime.timedelta(days=1)},
        {"status": Programme.Status.SELECTION},
    ],
    ids=["closing-date-passed", "selection-started"],
)
def test_after_the_close_the_candidacy_is_read_only_and_a_post_is_refused(
    client, programme, agent, closing
):
    candidacy = CandidacyFactory(programme=programme, agent=agent, manager_name="Avant")
    Programme.objects.filter(pk=programme.pk).update(
        call_opens_on=timezone.localdate() - datetime.timedelta(days=30), **closing
    )
    client.force_login(agent)

    page = client.get(candidacy_url(programme))
    response = client.post(
        candidacy_url(programme), {**VALID, "version": 1, "manager_name": "Après"}
    )

    assertContains(page, "votre candidature n’est plus modifiable")
    assertNotContains(page, 'name="motivation"')
    assertContains(
        response,
        "L’appel à intrapreneurs de ce programme est clos : votre candidature n’a pas été "
        "modifiée.",
    )
    assertContains(response, "Après")
    candidacy.refresh_from_db()
    assert candidacy.manager_name == "Avant"


def test_agent_of_another_collectivity_gets_404(client, programme):
    client.force_login(MembershipFactory().user)

    assert client.get(candidacy_url(programme)).status_code == 404
    assert client.post(candidacy_url(programme), VALID).status_code == 404
    assert not Candidacy.objects.exists()


def test_the_programme_coach_who_is_not_a_member_gets_404(client, programme):
    client.force_login(programme.coach)

    assert client.get(candidacy_url(programme)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    response = client.get(candidacy_url(programme))

    assertRedirects(response, f"{reverse('account_login')}?next={candidacy_url(programme)}")
