"""The search documents follow their sources, whether each save indexes at once or a bulk
writer (the demo) defers the indexing to the end of its block."""

import datetime

from demo.seed import seed_demo
from knowledge.indexing import reindex_all
from knowledge.models import SearchDocument
from knowledge.signals import indexing_deferred
from tests.intrapreneurs.factories import ProblemSubmissionFactory

FIELDS = [
    "kind",
    "submission_id",
    "investigation_id",
    "fiche_id",
    "programme_id",
    "collectivity_id",
    "year",
    "decision",
    "title",
    "body",
    "details",
    "folded_title",
    "folded_text",
]


def documents() -> list[tuple]:
    rows = SearchDocument.objects.order_by("kind", "submission", "investigation", "fiche")
    return [
        (*values, tuple(sorted(document.themes.values_list("pk", flat=True))))
        for values, document in zip(rows.values_list(*FIELDS), rows, strict=True)
    ]


def test_the_demo_seeded_with_deferred_indexing_has_every_document_up_to_date():
    seed_demo(today=datetime.date(2026, 11, 29))
    seeded = documents()
    assert {row[0] for row in seeded} == set(SearchDocument.Kind.values)

    reindex_all()

    assert documents() == seeded


def test_a_deferred_block_indexes_what_was_saved_in_it_once_it_ends():
    with indexing_deferred():
        submission = ProblemSubmissionFactory(title="Les rendez-vous ne sont pas honorés")
        submission.title = "Rendez-vous non honorés"
        submission.save()
        assert not SearchDocument.objects.exists()

    document = SearchDocument.objects.get(submission=submission)
    assert document.title == "Rendez-vous non honorés"


def test_outside_a_deferred_block_a_save_indexes_at_once():
    submission = ProblemSubmissionFactory(title="Accueil du CCAS")

    assert SearchDocument.objects.get(submission=submission).title == "Accueil du CCAS"
