"""What only PostgreSQL's French text search does: stems (plurals, conjugations), weights
(title A, problem B, conclusion and learnings C), trigram fallback on titles, stop words
from the `french` dictionary, and the stored vector and its GIN index."""

import pytest
from django.db import connection
from django.urls import reverse

from knowledge.models import SearchDocument
from tests.investigations.factories import WeeklyLogFactory
from tests.knowledge.helpers import problem

URL = reverse("knowledge:search")
pytestmark = pytest.mark.usefixtures("postgresql")


def results(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return response


def titles(response):
    return [document.title for document in response.context["page"].object_list]


def test_plurals_and_conjugations_find_each_other(client):
    problem("Les écoles ferment tôt")
    problem("Rendez-vous non honorés")
    assert titles(results(client, "école fermée")) == ["Les écoles ferment tôt"]
    assert titles(results(client, "honoré")) == ["Rendez-vous non honorés"]


def test_a_title_outranks_a_problem_which_outranks_the_details(client):
    problem("Cimetière saturé", statement=NEUTRAL_WITH("cimetière"), causes="cimetière")
    problem("Voirie abîmée", statement=NEUTRAL_WITH("cimetière"))
    problem("Éclairage public", causes="Près du cimetière.")
    assert titles(results(client, "cimetiere")) == [
        "Cimetière saturé",
        "Voirie abîmée",
        "Éclairage public",
    ]


def NEUTRAL_WITH(word):  # noqa: N802 - reads as a constant in the calls above
    return f"Un texte qui parle du {word} une fois."


def test_a_typo_falls_back_on_close_titles(client):
    problem("Rendez-vous non honorés au CCAS")
    response = results(client, "rendez-vou honnorés")
    assert response.context["approximate"] is True
    assert titles(response) == ["Rendez-vous non honorés au CCAS"]
    assert "titre proche" in response.content.decode()


def test_stop_words_of_the_french_dictionary_ask_to_be_more_precise(client):
    problem("Rendez-vous non honorés")
    response = results(client, "nous sommes avec eux")
    assert response.context["too_vague"] is True
    assert "Précisez votre recherche" in response.content.decode()


def test_the_headline_marks_the_stemmed_match(client):
    problem("Accueil", statement="Les familles monoparentales attendent longtemps.")
    response = results(client, "famille")
    [document] = response.context["page"].object_list
    assert "<mark>familles</mark>" in document.highlighted


def test_the_stored_vector_weighs_title_problem_and_learnings():
    fiche = problem("Déchets verts", published=False)
    WeeklyLogFactory(
        investigation=fiche.investigation,
        week=1,
        submitted=True,
        key_learnings="Les composteurs débordent.",
    )
    document = SearchDocument.objects.get(kind="investigation", investigation=fiche.investigation)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text FROM knowledge_searchdocument WHERE id = %s", [document.pk]
        )
        vector = cursor.fetchone()[0]
    # Title A, problem B, learnings C; stems without accents.
    assert "'dechet':1A" in vector
    assert "'composteur':10C" in vector


def test_the_vector_is_indexed_with_gin():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'knowledge_searchdocument'"
        )
        definitions = " ".join(row[0] for row in cursor.fetchall())
    assert "USING gin (vector)" in definitions
    assert "gin_trgm_ops" in definitions
