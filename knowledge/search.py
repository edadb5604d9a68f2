"""Searching the documents: PostgreSQL's French text search (ranked, with highlighted
excerpts, and a trigram fallback on titles), or on SQLite a folded substring search with
the same results for what people type."""

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

from knowledge.text import fold, words
from knowledge.vector import CONFIG

# Markers PostgreSQL puts around matched words; the excerpt is escaped, then they become
# <mark> (knowledge.highlight).
START, STOP = "\x02", "\x03"
EXCERPT_WORDS = 30


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def _query_is_empty(text: str) -> bool:
    """websearch_to_tsquery drops stop words: only those left means no query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT numnode(websearch_to_tsquery('{CONFIG}', %s))", [text])
        return cursor.fetchone()[0] == 0


class RankedPages:
    """Sliced like a queryset by Paginator: the slice's ids are ranked first, on the
    documents' rows alone, then only those rows are loaded by `load(ids)` (their
    collectivité, fiche and excerpt). Ranking the whole joined rows made PostgreSQL hash
    thousands of wide rows to disk for the twenty it shows (0.7 s at 87,000 documents)."""

    def __init__(self, ranked, load):
        self.ranked = ranked
        self.load = load

    def count(self) -> int:
        return self.ranked.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        ids = list(self.ranked.values_list("pk", flat=True)[window])
        rows = {row.pk: row for row in self.load(ids)}
        return [rows[pk] for pk in ids if pk in rows]


def with_excerpts(documents, text: str):
    """On PostgreSQL, `excerpt`: the passage of the body and details around the words of
    `text`, between START and STOP markers."""
    if not is_postgresql() or _query_is_empty(text):
        return documents
    return documents.annotate(
        excerpt=SearchHeadline(
            Concat("body", Value("\n"), "details", output_field=TextField()),
            _query(text),
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=EXCERPT_WORDS,
            min_words=EXCERPT_WORDS // 2,
        )
    )


def matching(documents, text: str):
    """(documents ranked by relevance; too_vague)."""
    if is_postgresql():
        if _query_is_empty(text):
            return documents.none(), True
        query = _query(text)
        return (
            documents.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .order_by("-rank", "-year", "pk")
        ), False
    terms = words(text)
    if not terms:
        return documents.none(), True
    condition = Q()
    for term in terms:
        condition &= Q(folded_text__contains=term)
    # Titles first, then the more recent.
    title_hits = sum(
        (Case(When(folded_title__contains=term, then=1), default=0) for term in terms),
        Value(0),
    )
    return (
        documents.filter(condition).annotate(rank=title_hits).order_by("-rank", "-year", "pk")
    ), False


def approximate(documents, text: str):
    """Titles close to the query when no word matched: trigrams on PostgreSQL (the `<%`
    operator, which the trigram index of folded_title serves; pg_trgm's default
    word_similarity_threshold, 0.6)."""
    folded = fold(text).strip()
    if not is_postgresql() or not folded:
        return documents.none()
    return (
        documents.filter(folded_title__trigram_word_similar=folded)
        .annotate(similarity=TrigramWordSimilarity(Value(folded), "folded_title"))
        .order_by("-similarity", "pk")
    )


def similar(documents, *, text: str, theme_ids=(), limit: int = 5):
    """The documents closest to a problem's own words (any of them, ranked) and themes:
    one query."""
    terms = words(text)[:40]
    if not terms and not theme_ids:
        return []
    # Without themes, no theme condition at all (an empty IN would empty the query).
    shared_themes = (
        Count("themes", filter=Q(themes__in=theme_ids), distinct=True) if theme_ids else Value(0)
    )
    theme_match = Q(themes__in=theme_ids) if theme_ids else Q(pk__in=[])
    if is_postgresql():
        query = _query(" or ".join(terms)) if terms else None
        word_score = SearchRank(F("vector"), query) if query else Value(0.0)
        condition = theme_match
        if query is not None:
            condition |= Q(vector=query)
    else:
        word_score = sum(
            (Case(When(folded_text__contains=term, then=1), default=0) for term in terms),
            Value(0),
        )
        condition = theme_match
        for term in terms:
            condition |= Q(folded_text__contains=term)
    # A shared theme weighs as much as a good word match.
    theme_weight = 0.1 if is_postgresql() else 1
    ranked = (
        documents.filter(pk__in=documents.filter(condition).values("pk"))
        .annotate(
            word_score=word_score,
            shared_themes=shared_themes,
        )
        .annotate(
            score=ExpressionWrapper(
                F("word_score") + F("shared_themes") * Value(theme_weight),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-year", "pk")
    )
    return list(ranked.filter(score__gt=0)[:limit])
