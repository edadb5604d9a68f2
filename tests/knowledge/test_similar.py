"""« Déjà investigué ailleurs »: published problems of other collectivités close to a
problem being written (the submission form, its htmx panel and its page without
JavaScript) or investigated (the investigation page)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import CommitteeReview
from investigations.publication import fiche_publish
from programmes.models import Membership
from tests.intrapreneurs.factories import theme
from tests.knowledge.helpers import problem
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

URL = reverse("knowledge:similar_problems")


def agent_of_le_havre():
    programme = ProgrammeFactory(call_open=True)
    collectivity = programme.collectivities.get()
    membership = MembershipFactory(collectivity=collectivity, role=Membership.Role.AGENT)
    return membership.user, programme, collectivity


def test_the_htmx_panel_shows_a_similar_problem_of_another_collectivity(client):
    rouen = problem(
        "Rendez-vous non honorés au CCAS",
        statement="Un usager sur trois ne vient pas à son rendez-vous.",
        decision=CommitteeReview.Decision.BUILD,
    )
    agent, _programme, _collectivity = agent_of_le_havre()
    client.force_login(agent)
    response = client.post(
        URL,
        {"title": "Les rendez-vous ne sont pas honorés", "problem": ""},
        headers={"HX-Request": "true"},
    )
    assertContains(response, "Rendez-vous non honorés au CCAS")
    assertContains(response, rouen.sponsor.name)
    assertContains(response, "Lancer la construction d’un service")
    assertContains(response, reverse("investigations:public_problem", args=[rouen.slug]))
    assertNotContains(response, "<html")


def test_without_javascript_the_button_opens_a_page_with_the_same_panel(client):
    problem("Rendez-vous non honorés au CCAS")
    agent, programme, _collectivity = agent_of_le_havre()
    client.force_login(agent)
    form = client.get(reverse("intrapreneurs:submission_create", args=[programme.slug]))
    assertContains(form, f'formaction="{URL}"')
    assertContains(form, 'hx-trigger="keyup changed delay:500ms from:#id_title')
    response = client.post(URL, {"title": "rendez-vous manqués", "problem": "Personne ne vient."})
    assertContains(response, "<html")
    assertContains(response, "Rendez-vous non honorés au CCAS")


def test_the_agents_own_collectivity_and_unpublished_problems_never_show(client):
    agent, _programme, collectivity = agent_of_le_havre()
    problem("Rendez-vous non honorés chez nous", collectivity=collectivity)
    problem("Rendez-vous non honorés, pas encore publié", published=False)
    client.force_login(agent)
    response = client.post(URL, {"title": "rendez-vous non honorés"})
    assertContains(response, "Aucun problème publié par une autre collectivité")
    assert response.context["problems"] == []


def test_a_shared_theme_ranks_a_problem_higher(client):
    social = theme("social-et-solidarites")
    problem("Rendez-vous manqués à la crèche")
    problem("Rendez-vous manqués au CCAS", themes=[social])
    agent, _programme, _collectivity = agent_of_le_havre()
    client.force_login(agent)
    response = client.post(
        URL, {"title": "rendez-vous manqués", "themes": [social.pk]}, headers={"HX-Request": "1"}
    )
    assert [p.title for p in response.context["problems"]] == [
        "Rendez-vous manqués au CCAS",
        "Rendez-vous manqués à la crèche",
    ]


def test_at_most_five_problems_in_one_query_at_any_size(client):
    agent, _programme, _collectivity = agent_of_le_havre()
    client.force_login(agent)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.post(URL, {"title": "cantine"}, headers={"HX-Request": "1"})
        return len(captured), response.context["problems"]

    problem("Cantine gaspillée")
    small, found = queries()
    assert len(found) == 1
    for number in range(7):
        problem(f"Cantine trop chère {number}")
    large, found = queries()
    assert len(found) == 5
    assert small == large


def test_the_investigation_page_shows_similar_problems_of_other_collectivities(client):
    elsewhere = problem("Inscriptions scolaires trop tardives")
    own = problem("Inscriptions scolaires en retard", published=False)
    investigation = own.investigation
    # Another problem of its own collectivité, published: home, not elsewhere.
    problem("Inscriptions scolaires oubliées", collectivity=own.sponsor)
    client.force_login(investigation.team.first())
    response = client.get(reverse("investigations:investigation_detail", args=[investigation.pk]))
    assertContains(response, "Déjà investigué ailleurs")
    assert [p.title for p in response.context["similar_problems"]] == [elsewhere.title]


def test_the_investigation_panel_is_kept_until_a_document_changes(client):
    """Ranking the documents is cached (incubateur.fragments): a problem published in
    another programme, which touches neither this programme nor the people, shows at
    once all the same."""
    elsewhere = problem("Inscriptions scolaires trop tardives")
    later = problem("Inscriptions scolaires perdues", published=False)
    investigation = problem("Inscriptions scolaires en retard", published=False).investigation
    client.force_login(investigation.team.first())
    url = reverse("investigations:investigation_detail", args=[investigation.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as cached:
        response = client.get(url)
    assert not any("knowledge_searchdocument" in query["sql"] for query in cached)
    assertNotContains(response, later.title)
    fiche_publish(fiche=later, by=later.investigation.programme.coach)

    response = client.get(url)
    assert {p.title for p in response.context["similar_problems"]} == {
        elsewhere.title,
        later.title,
    }
