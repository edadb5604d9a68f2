import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from programmes.models import Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory


def call_url(programme):
    return reverse("intrapreneurs:call_detail", args=[programme.slug])


def test_agents_see_the_open_call_with_its_closing_date(client, programme, agent):
    client.force_login(agent)

    response = client.get(call_url(programme))

    closes_on = programme.call_closes_on.strftime("%-d")
    assertContains(response, "Appel à problèmes et à intrapreneurs")
    assertContains(response, f"Ouvert jusqu’au {closes_on}")
    assertContains(response, reverse("intrapreneurs:submission_create", args=[programme.slug]))
    assertContains(response, reverse("intrapreneurs:candidacy_form", args=[programme.slug]))
    assertContains(response, "Me porter volontaire")
    assertContains(response, "Décrivez-le avec vos mots")


@pytest.mark.parametrize(
    "changes",
    [
        {"call_closes_on": timezone.localdate() - datetime.timedelta(days=1)},
        {"status": Programme.Status.SELECTION},
    ],
    ids=["closing-date-passed", "selection-started"],
)
def test_a_closed_call_says_so_and_offers_no_submission(client, programme, agent, changes):
    Programme.objects.filter(pk=programme.pk).update(
        call_opens_on=timezone.localdate() - datetime.timedelta(days=30), **changes
    )
    client.force_login(agent)

    response = client.get(call_url(programme))

    assertContains(response, "Appel clos")
    assertNotContains(response, "Ouvert jusqu’au")
    assertNotContains(response, reverse("intrapreneurs:submission_create", args=[programme.slug]))
    assertContains(response, "L’appel à intrapreneurs est clos.")
    # Nothing still invites people to submit.
    assertNotContains(response, "Décrivez-le avec vos mots")
    assertContains(response, "il n’est plus possible d’y proposer un problème")


def test_agents_see_their_own_submissions_with_their_status(client, programme, collectivity, agent):
    ProblemSubmissionFactory(programme=programme, author=agent, title="Mon brouillon")
    ProblemSubmissionFactory(
        programme=programme, author=agent, title="Mon problème soumis", submitted=True
    )
    ProblemSubmissionFactory(programme=programme, title="Celui d’une collègue", submitted=True)
    client.force_login(agent)

    response = client.get(call_url(programme))

    assertContains(response, "Mon brouillon")
    assertContains(response, "Mon problème soumis")
    badge = '<p class="fr-badge fr-badge--sm fr-badge--{}">{}</p>'
    assertContains(response, badge.format("warning", "Brouillon"), html=True)
    assertContains(response, badge.format("info", "Déposé"), html=True)
    assertNotContains(response, "Celui d’une collègue")


def test_agents_see_their_candidacy_and_its_manager_agreement(client, programme, agent):
    CandidacyFactory(programme=programme, agent=agent, manager_name="Nadia Petit")
    client.force_login(agent)

    response = client.get(call_url(programme))

    assertContains(response, "Votre responsable, Nadia Petit, a donné son accord.")
    assertContains(response, "Modifier ma candidature")


def test_referents_of_the_collectivity_see_the_call(client, programme, collectivity):
    referent = MembershipFactory(collectivity=collectivity, referent=True).user
    client.force_login(referent)

    response = client.get(call_url(programme))

    assertContains(response, "Proposer un problème")


def test_agent_of_another_collectivity_gets_404(client, programme):
    client.force_login(MembershipFactory().user)

    assert client.get(call_url(programme)).status_code == 404


def test_members_get_404_on_a_draft_programme(client, agent, programme):
    programme.status = Programme.Status.DRAFT
    programme.save()
    client.force_login(agent)

    assert client.get(call_url(programme)).status_code == 404


def test_the_anct_team_who_are_not_members_get_404(client, programme):
    # The call is the agents' page; the coach follows the submissions in the selection.
    client.force_login(programme.coach)

    assert client.get(call_url(programme)).status_code == 404


def test_users_without_a_collectivity_get_404(client, programme):
    client.force_login(UserFactory())

    assert client.get(call_url(programme)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    response = client.get(call_url(programme))

    assertRedirects(response, f"{reverse('account_login')}?next={call_url(programme)}")


def test_the_call_page_runs_a_fixed_number_of_queries(
    client, programme, agent, django_assert_num_queries
):
    client.force_login(agent)

    def count_queries():
        # session, user, programme (through the memberships), candidacy, the menu's roles
        # (memberships, followed programmes, investigation teams), the programme's
        # collectivités, own submissions
        with django_assert_num_queries(9):
            response = client.get(call_url(programme))
        assert response.status_code == 200

    count_queries()
    for _index in range(10):
        ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    assert ProblemSubmission.objects.filter(author=agent).count() == 10
    count_queries()
