"""French typography for text that users typed: the spaces before high punctuation and
inside guillemets must not break a line (« ; » or « ? » alone at the start of a line)."""

import re

NBSP = "\u00a0"  # before « : » and inside « guillemets »
NARROW_NBSP = "\u202f"  # before « ; », « ! » and « ? »

# Only an existing space is made non-breaking: inserting one would break "10:30",
# "https://…" or "?!" that users typed on purpose.
_BEFORE_NARROW = re.compile(r"[ \t\u00a0\u202f]+(?=[;!?])")
_BEFORE_COLON = re.compile(r"[ \t\u00a0\u202f]+(?=:)")
_AFTER_OPENING = re.compile(r"«[ \t\u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \t\u00a0\u202f]*»")


def french_spacing(text: str) -> str:
    """`text` with non-breaking spaces where French typography wants them: a narrow one
    before ; ! ?, a normal one before : and inside « », added there if missing."""
    text = _BEFORE_NARROW.sub(NARROW_NBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)
