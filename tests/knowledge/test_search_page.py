"""/recherche/: what people type finds the published problems of every collectivité, in
French (accents, case, plurals), with highlighted excerpts; the same tests on SQLite
(`make run`) and PostgreSQL (CI)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import CommitteeReview
from investigations.publication import fiche_publish
from knowledge.highlight import from_markers
from knowledge.search import START, STOP
from programmes.models import Collectivity
from tests.factories import UserFactory
from tests.intrapreneurs.factories import theme
from tests.knowledge.helpers import problem

URL = reverse("knowledge:search")


def titles(response) -> list[str]:
    return [document.title for document in response.context["page"].object_list]


@pytest.fixture
def published():
    return {
        "rdv": problem(
            "Rendez-vous non honorés au CCAS",
            statement="Un usager sur trois ne vient pas à son rendez-vous.",
        ),
        "ecole": problem(
            "Inscriptions à l’école trop tardives",
            statement="Les familles découvrent les inscriptions scolaires trop tard.",
        ),
        "evaluation": problem(
            "Évaluation des aides aux associations",
            statement="Personne ne sait si les subventions atteignent leur but.",
        ),
        "abbreviation": problem(
            "Les RDV de la PMI débordent", statement="La file d’attente de la PMI s’allonge."
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rendez vous honores", "Rendez-vous non honorés au CCAS"),
        ("ecole", "Inscriptions à l’école trop tardives"),
        ("ÉCOLE", "Inscriptions à l’école trop tardives"),
        ("evaluation", "Évaluation des aides aux associations"),
        ("rdv", "Les RDV de la PMI débordent"),
        ("rendez-vou", "Rendez-vous non honorés au CCAS"),
        ("ccas", "Rendez-vous non honorés au CCAS"),
    ],
)
def test_what_people_type_finds_the_problem(client, published, query, expected):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert expected in titles(response)


def test_a_title_ranks_above_a_body_match(client):
    problem("Accueil du public en mairie", statement="Les subventions tardent à venir.")
    problem("Subventions versées en retard", statement="Les associations attendent.")
    response = client.get(URL, {"q": "subventions"})
    assert titles(response) == ["Subventions versées en retard", "Accueil du public en mairie"]


def test_excerpts_highlight_the_matched_words(client):
    problem("Accueil du public", statement="Les familles attendent une réponse écrite.")
    response = client.get(URL, {"q": "familles"})
    assertContains(response, "<mark>familles</mark>", html=False)


def test_an_excerpt_escapes_the_problem_text(client):
    problem(
        "Accueil du public",
        statement='Les familles <script>alert("x")</script> attendent.',
    )
    response = client.get(URL, {"q": "familles"})
    [document] = response.context["page"].object_list
    # PostgreSQL's headline drops the tags, SQLite's excerpt escapes them: never markup.
    assert "<script" not in document.highlighted
    assert "<mark>familles</mark>" in document.highlighted
    assertNotContains(response, "<script>alert", html=False)


def test_only_the_markers_become_tags_in_a_headline():
    excerpt = f'a <b onclick="x">{START}gras{STOP}</b> & <mark>faux</mark>'
    assert from_markers(excerpt) == (
        "a &lt;b onclick=&quot;x&quot;&gt;<mark>gras</mark>&lt;/b&gt; &amp; faux"
    )


def test_a_query_of_stop_words_only_asks_to_be_more_precise(client, published):
    response = client.get(URL, {"q": "le la des"})
    assertContains(response, "Précisez votre recherche")
    assert titles(response) == []


def test_an_anonymous_visitor_finds_published_problems_of_every_collectivity(client):
    problem("Cantine scolaire gaspillée", departement="76")
    problem("Cantine trop chère", departement="13")
    response = client.get(URL, {"q": "cantine"})
    assert sorted(titles(response)) == ["Cantine scolaire gaspillée", "Cantine trop chère"]


def test_an_unpublished_problem_is_never_found_by_others(client):
    problem("Cantine cachée", published=False)
    response = client.get(URL, {"q": "cantine"})
    assert titles(response) == []
    assertNotContains(response, "Cantine cachée")


def test_filters_keep_their_results_and_count_them(client):
    mobility = theme("mobilite")
    problem("Transport scolaire", themes=[mobility], decision=CommitteeReview.Decision.BUILD)
    problem(
        "Transport à la demande",
        kind=Collectivity.Kind.EPCI,
        departement="13",
        decision=CommitteeReview.Decision.ABANDON,
    )
    response = client.get(URL, {"q": "transport", "theme": "mobilite"})
    assert titles(response) == ["Transport scolaire"]
    response = client.get(URL, {"q": "transport", "kind": "epci"})
    assert titles(response) == ["Transport à la demande"]
    response = client.get(URL, {"q": "transport", "departement": "13"})
    assert titles(response) == ["Transport à la demande"]
    response = client.get(URL, {"q": "transport", "decision": "build"})
    assert titles(response) == ["Transport scolaire"]
    # Facet counts over the current results.
    response = client.get(URL, {"q": "transport"})
    assertContains(response, "Commune (1)")
    assertContains(response, "Intercommunalité (EPCI) (1)")
    assertContains(response, "13 (1)")


def test_a_wrong_filter_value_is_reported_and_the_search_still_answers(client, published):
    response = client.get(URL, {"q": "ecole", "kind": "planete", "year": "abc"})
    assert response.status_code == 200
    assertContains(response, "Cette valeur n’est pas proposée")
    assert titles(response) == ["Inscriptions à l’école trop tardives"]


def test_a_too_long_query_is_refused_in_french(client):
    response = client.get(URL, {"q": "x" * 300})
    assert response.status_code == 200
    assertContains(response, "raccourcissez-la")


def test_the_main_menu_leads_to_the_search_signed_in_or_not(client):
    assertContains(client.get(reverse("landing")), f'href="{URL}"')
    client.force_login(UserFactory())
    assertContains(client.get(reverse("home")), f'href="{URL}"')


def test_a_search_is_kept_until_a_document_changes(client, django_assert_num_queries):
    """The page is cached (incubateur.fragments): the same search again runs no query for
    an anonymous visitor; a problem published since shows at once; the results of many
    documents are ranked on their ids first, the page's rows loaded after."""
    problem("Cantine trop chère")
    later = problem("Cantine trop bruyante", published=False)
    url = reverse("knowledge:search")
    client.get(url, {"q": "cantine"})

    with django_assert_num_queries(0):
        response = client.get(url, {"q": "cantine"})
    assertContains(response, "1 résultat")
    fiche_publish(fiche=later, by=later.investigation.programme.coach)

    response = client.get(url, {"q": "cantine"})
    assertContains(response, "2 résultats")
    assertContains(response, "Cantine trop bruyante")
