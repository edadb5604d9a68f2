import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory


def detail_url(submission):
    return reverse("intrapreneurs:submission_detail", args=[submission.pk])


def committee_member(programme, role):
    if role == "referent":
        return MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user
    if role == "admin":
        return UserFactory(admin=True)
    return getattr(programme, role)


COMMITTEE = pytest.mark.parametrize("role", ["referent", "coach", "designer", "admin"])


def test_the_author_sees_their_draft_and_may_complete_it(client, programme, agent):
    draft = ProblemSubmissionFactory(programme=programme, author=agent, title="Mon brouillon")
    client.force_login(agent)

    response = client.get(detail_url(draft))

    assertContains(response, "<h1>Mon brouillon</h1>", html=True)
    assertContains(response, "Ce problème est un brouillon")
    assertContains(response, "Brouillon</p>")
    assertContains(response, reverse("intrapreneurs:submission_update", args=[draft.pk]))
    assertContains(response, "Compléter et soumettre")


def test_the_author_sees_every_field_of_their_submission(client, programme, agent):
    submission = ProblemSubmissionFactory(
        programme=programme, author=agent, submitted=True, service="Accueil des familles"
    )
    client.force_login(agent)

    response = client.get(detail_url(submission))

    for text in [submission.problem, submission.affected_users, "Accueil des familles"]:
        assertContains(response, text)
    assertContains(response, "Déposé</p>")
    assertContains(response, "Aucune pièce jointe.")


def test_the_author_is_offered_no_edit_once_the_call_is_closed(client, programme, agent):
    in_selection = ProgrammeFactory(selection=True, collectivities=programme.collectivities.all())
    submission = ProblemSubmissionFactory(programme=in_selection, author=agent, submitted=True)
    client.force_login(agent)

    response = client.get(detail_url(submission))

    assert response.status_code == 200
    assertNotContains(response, reverse("intrapreneurs:submission_update", args=[submission.pk]))


def test_the_author_reads_the_committee_message_of_a_declined_problem(client, programme, agent):
    finalised = ProgrammeFactory(investigation=True, collectivities=programme.collectivities.all())
    submission = ProblemSubmissionFactory(
        programme=finalised, author=agent, declined=True, decline_message="Merci, à bientôt."
    )
    client.force_login(agent)

    response = client.get(detail_url(submission))

    assertContains(response, "Le message du comité de sélection")
    assertContains(response, "Merci, à bientôt.")


def test_another_agent_of_the_same_collectivity_gets_404(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(MembershipFactory(collectivity=submission.collectivity).user)

    assert client.get(detail_url(submission)).status_code == 404


def test_agent_of_another_collectivity_gets_404(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(MembershipFactory().user)

    assert client.get(detail_url(submission)).status_code == 404


@COMMITTEE
def test_the_committee_sees_a_submitted_problem_and_its_author(client, programme, agent, role):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(committee_member(programme, role))

    response = client.get(detail_url(submission))

    assertContains(response, f"Proposé par {agent}")
    assertNotContains(response, reverse("intrapreneurs:submission_update", args=[submission.pk]))


@COMMITTEE
def test_the_committee_gets_404_on_a_draft(client, programme, agent, role):
    draft = ProblemSubmissionFactory(programme=programme, author=agent)
    client.force_login(committee_member(programme, role))

    assert client.get(detail_url(draft)).status_code == 404


def test_the_committee_of_another_programme_gets_404(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    other = ProgrammeFactory(call_open=True)
    client.force_login(other.coach)

    assert client.get(detail_url(submission)).status_code == 404
    client.force_login(committee_member(other, "referent"))
    assert client.get(detail_url(submission)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)

    response = client.get(detail_url(submission))

    assertRedirects(response, f"{reverse('account_login')}?next={detail_url(submission)}")
