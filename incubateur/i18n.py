"""French plurals for our own strings.

The interface is written in French in the source, with no French catalogue of our own:
for a message missing from every catalogue, gettext falls back to the English rule
(singular only for 1), which wrote « 0 problèmes retenus ». French keeps 0 and 1
singular. This fallback, behind Django's French translation, applies that rule to every
message no catalogue knows, in `ngettext` and `{% blocktranslate count %}` alike.
"""

import gettext

from django.utils.translation import trans_real


class FrenchSourcePlurals(gettext.NullTranslations):
    def ngettext(self, msgid1, msgid2, n):
        return msgid1 if n <= 1 else msgid2

    def npgettext(self, context, msgid1, msgid2, n):
        return self.ngettext(msgid1, msgid2, n)


def install() -> None:
    """Put the fallback behind the French translation (once; Django caches it)."""
    translation = trans_real.translation("fr")
    fallback = translation
    while fallback is not None:
        if isinstance(fallback, FrenchSourcePlurals):
            return
        fallback = getattr(fallback, "_fallback", None)
    translation.add_fallback(FrenchSourcePlurals())
