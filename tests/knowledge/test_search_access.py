"""Who finds what: published problems for everyone; beyond them, only what the user's own
pages already show (knowledge/access.py). Another collectivité's unpublished problem is
never found."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Membership
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import WeeklyLogFactory
from tests.knowledge.helpers import problem
from tests.programmes.factories import MembershipFactory

URL = reverse("knowledge:search")


def found(client, query) -> set[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return {document.title for document in response.context["page"].object_list}


def kinds(client, query) -> set[tuple[str, str]]:
    response = client.get(URL, {"q": query})
    return {(d.kind, d.title) for d in response.context["page"].object_list}


def test_a_referent_finds_the_unpublished_investigations_of_their_collectivity(client):
    own = problem("Piscine municipale fermée", published=False)
    problem("Piscine intercommunale saturée", published=False)
    referent = MembershipFactory(collectivity=own.sponsor, role=Membership.Role.REFERENT).user
    client.force_login(referent)
    assert kinds(client, "piscine") == {
        ("investigation", "Piscine municipale fermée"),
        ("submission", "Piscine municipale fermée"),
    }


def test_an_agent_finds_their_own_submission_not_their_colleagues(client):
    submission = ProblemSubmissionFactory(title="Bibliothèque trop petite", submitted=True)
    colleague = ProblemSubmissionFactory(
        programme=submission.programme, title="Bibliothèque fermée le samedi", submitted=True
    )
    client.force_login(submission.author)
    assert found(client, "bibliotheque") == {"Bibliothèque trop petite"}
    client.force_login(colleague.author)
    assert found(client, "bibliotheque") == {"Bibliothèque fermée le samedi"}


def test_the_programmes_coach_finds_its_log_learnings_others_do_not(client):
    fiche = problem("Déchets verts", published=False)
    investigation = fiche.investigation
    WeeklyLogFactory(
        investigation=investigation,
        week=1,
        submitted=True,
        key_learnings="Les composteurs collectifs débordent.",
    )
    client.force_login(investigation.programme.coach)
    assert found(client, "composteurs") == {"Déchets verts"}
    client.force_login(UserFactory(anct=True))
    assert found(client, "composteurs") == set()
    client.force_login(UserFactory(admin=True))
    assert found(client, "composteurs") == {"Déchets verts"}


def test_another_collectivitys_unpublished_problem_is_never_found(client):
    hidden = problem("Gymnase vétuste", published=False)
    ProblemSubmissionFactory(title="Gymnase trop petit", submitted=True)
    outsider = MembershipFactory(role=Membership.Role.REFERENT).user
    for user in (None, outsider, UserFactory(anct=True)):
        if user:
            client.force_login(user)
        assert found(client, "gymnase") == set()
    # Once published, everyone finds it, on its public page.
    hidden.published_at = hidden.investigation.created_at
    hidden.slug = "gymnase-vetuste"
    hidden.save()
    client.logout()
    response = client.get(URL, {"q": "gymnase"})
    [document] = response.context["page"].object_list
    assert document.get_absolute_url() == "/problemes-publics/gymnase-vetuste/"


def test_a_draft_is_found_by_its_author_only(client):
    draft = ProblemSubmissionFactory(title="Parking des agents", draft=True)
    client.force_login(draft.author)
    assert found(client, "parking") == {"Parking des agents"}
    client.force_login(UserFactory(admin=True))
    assert found(client, "parking") == set()


def test_the_search_page_costs_the_same_queries_at_two_sizes(client):
    client.force_login(UserFactory(admin=True))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"q": "marché"})
        assert response.status_code == 200
        return len(captured), response.context["page"].paginator.count

    problem("Marché couvert vide")
    small, count = queries()
    assert count == 3  # the published problem, its investigation and its submission
    for number in range(5):
        problem(f"Marché du dimanche {number}")
    large, count = queries()
    assert count == 18
    assert small == large


def test_an_unpublished_fiche_leaves_the_search_at_once(client):
    fiche = problem("Marché de Noël désert")
    assert found(client, "noel") == {"Marché de Noël désert"}
    fiche.published_at = None
    fiche.save()
    assert found(client, "noel") == set()


def test_a_wrong_theme_in_the_panel_still_compares_the_text(client):
    problem("Cantine gaspillée")
    client.force_login(MembershipFactory().user)
    response = client.post(
        reverse("knowledge:similar_problems"), {"title": "cantine", "themes": ["x"]}
    )
    assert [p.title for p in response.context["problems"]] == ["Cantine gaspillée"]
