"""Excerpts with the matched words in <mark>, everything else escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from knowledge.search import START, STOP
from knowledge.text import fold_char

EXCERPT_CHARS = 240


def from_markers(excerpt: str) -> SafeString:
    """PostgreSQL's headline: the text is escaped first, so that only our markers become
    tags (a « <script> » in a problem stays text)."""
    escaped = escape(excerpt.replace("<mark>", "").replace("</mark>", ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each folded character the index of its source one."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in fold_char(char):
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


def around_terms(text: str, terms: list[str]) -> SafeString:
    """Without PostgreSQL: a window of the text around the first matched term, each
    occurrence of a term (accents and case folded) marked."""
    text = text.replace(START, "").replace(STOP, "")
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    first = spans[0][0] if spans else 0
    window_start = max(0, first - EXCERPT_CHARS // 3)
    window_end = min(len(text), window_start + EXCERPT_CHARS)
    parts, cursor = [], window_start
    for start, end in spans:
        if start < cursor or end > window_end:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:window_end]))
    prefix = "… " if window_start > 0 else ""
    suffix = " …" if window_end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
