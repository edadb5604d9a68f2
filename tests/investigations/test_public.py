"""What anyone reads without an account: published fiches, their index filtered by
theme, collectivité type and département, the open data in the beta.gouv.fr startups
shape (validated against its own OpenAPI description), and the admin's beta.gouv.fr
fiche download."""

import datetime

import jsonschema
import pytest
import yaml
from django.core.cache import cache
from django.urls import reverse
from openapi_spec_validator import validate
from pytest_django.asserts import assertContains, assertNotContains

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview, NextStep
from programmes.models import Collectivity
from tests.factories import UserFactory
from tests.intrapreneurs.factories import theme
from tests.investigations.factories import FicheFactory, InvestigationFactory
from tests.programmes.factories import CollectivityFactory, ProgrammeFactory

LIST_URL = reverse("investigations:public_problem_list")
API_URL = reverse("investigations:api_problems")
SCHEMA_URL = reverse("investigations:api_schema")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def published_fiche(*, theme=None, kind=Collectivity.Kind.COMMUNE, departement="76", **fields):
    collectivity = CollectivityFactory(kind=kind, departement_code=departement)
    programme = ProgrammeFactory(investigation=True, collectivities=[collectivity])
    investigation = InvestigationFactory(programme=programme, members__size=1)
    if theme:
        investigation.submission.themes.add(theme)
    return FicheFactory(investigation=investigation, published=True, **fields)


def test_an_anonymous_visitor_reads_a_published_fiche(client):
    fiche = published_fiche(theme=theme("mobilite"), causes="Les bus passent tôt.")
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(response, fiche.title)
    assertContains(response, "Les bus passent tôt.")
    assertContains(response, "Mobilité")
    assertContains(response, fiche.sponsor.name)
    assertContains(
        response,
        f'<link rel="canonical" href="http://127.0.0.1:8000/problemes-publics/{fiche.slug}/">',
        html=False,
    )
    # Nobody's name: not the team's, nor the author's.
    assertNotContains(response, fiche.investigation.submission.author.last_name)


def test_an_unpublished_fiche_answers_404(client):
    fiche = FicheFactory(slug="pas-encore", published_at=None)
    assert fiche.slug == "pas-encore"
    assert (
        client.get(reverse("investigations:public_problem", args=["pas-encore"])).status_code == 404
    )
    assert client.get(reverse("investigations:public_problem", args=["inconnu"])).status_code == 404


def test_the_index_lists_only_published_fiches_and_filters_them(client):
    mobility = published_fiche(theme=theme("mobilite"), title="Les bus de nuit")
    housing = published_fiche(
        theme=theme("habitat-et-logement"),
        title="Les logements vacants",
        kind=Collectivity.Kind.EPCI,
        departement="14",
    )
    FicheFactory(title="Un brouillon")
    response = client.get(LIST_URL)
    assertContains(response, "2 problèmes publiés")
    assertNotContains(response, "Un brouillon")

    by_theme = client.get(LIST_URL, {"theme": "mobilite"})
    assertContains(by_theme, mobility.title)
    assertNotContains(by_theme, housing.title)
    by_kind = client.get(LIST_URL, {"kind": "epci"})
    assertContains(by_kind, housing.title)
    assertNotContains(by_kind, mobility.title)
    by_departement = client.get(LIST_URL, {"departement": "76"})
    assertContains(by_departement, mobility.title)
    assertNotContains(by_departement, housing.title)


def test_an_unknown_filter_value_is_explained_not_a_500(client):
    published_fiche()
    response = client.get(LIST_URL, {"theme": "n-existe-pas", "kind": "x" * 300})
    assert response.status_code == 200
    assertContains(response, "Cette thématique n’existe pas")
    assertContains(response, "1 problème publié")


def test_the_index_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    mobility = theme("mobilite")

    def count():
        # départements of the filter, themes of the filter, count, the page of fiches
        # with their sponsor, their themes
        with django_assert_num_queries(5):
            return client.get(LIST_URL)

    published_fiche(theme=mobility)
    small = count()
    for _ in range(4):
        published_fiche(theme=mobility)
    large = count()
    assert len(small.context["page"].object_list) == 1
    assert len(large.context["page"].object_list) == 5


def api_schema(client):
    return client.get(SCHEMA_URL).json()


def validate_against_schema(client, body):
    spec = api_schema(client)
    validate(spec)  # a valid OpenAPI 3.1 document
    page_schema = {**spec["components"]["schemas"]["ProblemPage"], "components": spec["components"]}
    jsonschema.validate(
        body,
        page_schema,
        cls=jsonschema.Draft202012Validator,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_the_open_data_lists_published_problems_and_validates_against_its_schema(client):
    fiche = published_fiche(theme=theme("social-et-solidarites"))
    review = CommitteeReview.objects.create(
        investigation=fiche.investigation,
        decision=CommitteeReview.Decision.BUILD,
        decided_on=datetime.date(2026, 11, 20),
        decision_notes="Mme Martin a convaincu le comité.",
    )
    FicheFactory(title="Un brouillon")
    response = client.get(API_URL)
    assert response.status_code == 200
    body = response.json()
    validate_against_schema(client, body)
    assert [item["id"] for item in body["data"]] == [fiche.slug]
    attributes = body["data"][0]["attributes"]
    assert attributes["thematiques"] == ["Social et solidarités"]
    assert [phase["name"] for phase in attributes["phases"]] == ["investigation", "construction"]
    assert attributes["phases"][1]["start"] == "2026-11-20"
    assert attributes["events"][0]["name"] == "committee"
    assert "Martin" not in response.content.decode()  # the committee's notes stay inside
    assert "## Principales causes" in attributes["content_markdown"]
    assert review.pk


def test_the_open_data_is_paginated(client):
    for _ in range(51):
        published_fiche()
    first = client.get(API_URL).json()
    assert len(first["data"]) == 50 and first["meta"]["count"] == 51
    second = client.get(first["links"]["next"]).json()
    assert len(second["data"]) == 1 and "prev" in second["links"]
    validate_against_schema(client, second)


def test_the_open_data_answers_304_to_its_etag_until_what_it_shows_changes(client):
    fiche = published_fiche()
    response = client.get(API_URL)
    etag = response["ETag"]
    assert client.get(API_URL, headers={"if-none-match": etag}).status_code == 304
    fiche.title = "Nouveau titre"
    fiche.save()
    changed = client.get(API_URL, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.json()["data"][0]["attributes"]["name"] == "Nouveau titre"


def test_the_open_data_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def count():
        cache.clear()
        # the state of the published fiches (cache key), count, the page of fiches with
        # their investigation, programme, submission, sponsor and committee, their
        # themes, their figures
        with django_assert_num_queries(5):
            return client.get(API_URL)

    published_fiche()
    assert len(count().json()["data"]) == 1
    for _ in range(4):
        published_fiche()
    assert len(count().json()["data"]) == 5


def test_the_documentation_says_to_tolerate_unknown_phases(client):
    response = client.get(reverse("investigations:api_docs"))
    assertContains(response, "Tolérez les phases inconnues")
    assertContains(response, SCHEMA_URL)


def test_an_admin_downloads_a_betagouv_fiche(client):
    fiche = published_fiche(theme=theme("mobilite"))
    client.force_login(UserFactory(admin=True))
    response = client.get(reverse("investigations:fiche_betagouv", args=[fiche.investigation.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{fiche.slug}.md"'
    text = response.content.decode()
    _before, front, content = text.split("---\n", 2)
    header = yaml.safe_load(front)
    assert header["title"] == fiche.title
    assert header["incubator"] == "anct"
    assert header["thematiques"] == ["Mobilité"]
    assert header["phases"][0]["name"] == "investigation"
    assert "## Problématique identifiée" in content


def test_the_coach_may_not_download_the_betagouv_fiche(client):
    fiche = published_fiche()
    client.force_login(fiche.investigation.programme.coach)
    url = reverse("investigations:fiche_betagouv", args=[fiche.investigation.pk])
    assert client.get(url).status_code == 403


def test_a_cached_page_costs_one_query(client, django_assert_num_queries):
    published_fiche()
    first = client.get(API_URL)
    # the state of the published fiches: the page itself comes from the cache
    with django_assert_num_queries(1):
        again = client.get(API_URL)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def decided(fiche, decision, **next_step):
    CommitteeReview.objects.create(
        investigation=fiche.investigation, decision=decision, decided_on=datetime.date(2026, 11, 20)
    )
    if next_step:
        NextStep.objects.create(investigation=fiche.investigation, **next_step)


POST_MORTEM = {
    "abandon_why": "Le problème reste marginal dans la commune.",
    "abandon_learnings": "Les usagers concernés sont déjà accompagnés par le CCAS.",
    "abandon_changes": "Une hausse nette des demandes d’aide.",
}


def test_the_public_page_shows_the_post_mortem_of_an_abandon(client):
    fiche = published_fiche()
    decided(fiche, CommitteeReview.Decision.ABANDON, **POST_MORTEM)
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(response, "Le bilan de l’abandon")
    for text in POST_MORTEM.values():
        assertContains(response, text)
    assertContains(response, "Ce qui devrait changer pour reprendre le sujet")


def test_an_incomplete_post_mortem_is_not_public(client):
    fiche = published_fiche()
    decided(fiche, CommitteeReview.Decision.ABANDON, **{**POST_MORTEM, "abandon_changes": ""})
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(response, "Décision du comité d’investissement : Abandon")
    assertNotContains(response, POST_MORTEM["abandon_why"])


def test_the_public_page_says_where_the_problem_continues_with_its_link(client):
    fiche = published_fiche()
    decided(
        fiche,
        CommitteeReview.Decision.CONTINUE_OUTSIDE,
        elsewhere_kind=NextStep.Elsewhere.NATIONAL_PROGRAMME,
        elsewhere_name="France Services",
        elsewhere_url="https://www.france-services.gouv.fr/",
    )
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(
        response, "Poursuivi hors de l’Incubateur : France Services (un programme national)."
    )
    assertContains(response, '<a href="https://www.france-services.gouv.fr/" rel="noopener">')


def test_a_build_shows_in_construction_but_not_the_fiche_produit(client):
    fiche = published_fiche()
    decided(
        fiche,
        CommitteeReview.Decision.BUILD,
        product_context="Contexte interne",
        product_solution="Solution interne",
        product_strategy="Stratégie interne",
        product_impact_objective="Objectif interne",
        construction_started_on=datetime.date(2026, 12, 1),
    )
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(response, "En construction depuis le 1 décembre 2026.")
    assertNotContains(response, "Solution interne")


def test_a_pivot_says_so_without_its_draft_nor_anyone_s_name(client):
    fiche = published_fiche()
    CommitteeReview.objects.create(
        investigation=fiche.investigation, decision="pivot", decided_on=datetime.date(2026, 11, 20)
    )
    draft = ProblemSubmission.objects.create(
        programme=ProgrammeFactory(),
        collectivity=fiche.sponsor,
        author=fiche.investigation.team.first(),
        title="Le brouillon du pivot",
        problem="Reformulé.",
    )
    NextStep.objects.create(
        investigation=fiche.investigation, pivot_learnings="Appris.", pivot_submission=draft
    )
    response = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assertContains(response, "L’équipe poursuit avec un nouveau problème, reformulé.")
    assertNotContains(response, "Le brouillon du pivot")
    assertNotContains(response, draft.author.last_name)


def test_the_open_data_carries_the_next_step_and_validates(client):
    fiche = published_fiche()
    decided(fiche, CommitteeReview.Decision.ABANDON, **POST_MORTEM)
    body = client.get(API_URL).json()
    validate_against_schema(client, body)
    attributes = body["data"][0]["attributes"]
    assert [event["name"] for event in attributes["events"]] == ["committee", "next_step"]
    assert attributes["events"][1]["comment"].startswith("L’investigation s’est arrêtée")
    markdown = attributes["content_markdown"]
    assert "## Après le comité d’investissement" in markdown
    assert "### Ce que l’équipe a appris\n\n" + POST_MORTEM["abandon_learnings"] in markdown


def test_the_public_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def count(fiche):
        # the fiche with its investigation, programme, submission, sponsor, committee
        # and next step; its themes; its figures
        with django_assert_num_queries(3):
            return client.get(reverse("investigations:public_problem", args=[fiche.slug]))

    fiche = published_fiche()
    assertNotContains(count(fiche), "Le bilan de l’abandon")
    decided(fiche, CommitteeReview.Decision.ABANDON, **POST_MORTEM)
    fiche.figures.create(figure="1 sur 3", source="CCAS")
    fiche.investigation.submission.themes.add(theme("mobilite"), theme("social-et-solidarites"))
    assertContains(count(fiche), "Le bilan de l’abandon")
