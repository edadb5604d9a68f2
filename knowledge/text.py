"""Text folding for the search without PostgreSQL's text search (and its trigrams)."""

import re
import unicodedata

# The French stop words people type in a search; a query made only of them is refused.
# Kept short on purpose: PostgreSQL's `french` list decides there.
_STOP_WORDS_TEXT = """
a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir est sont ont
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
WORD = re.compile(r"[\w'’-]+")


def fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower() or char


def fold(text: str) -> str:
    """Lower case without accents: « Évaluation » → « evaluation »."""
    return "".join(fold_char(char) for char in text)


def words(text: str) -> list[str]:
    """The folded words of a query, stop words and apostrophe prefixes left out."""
    found = []
    for word in WORD.findall(fold(text)):
        word = re.split(r"['’]", word)[-1].strip("-")
        if len(word) > 1 and word not in STOP_WORDS:
            found.append(word)
    return found
