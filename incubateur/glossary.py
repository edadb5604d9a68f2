"""The platform's words, in one place (issue 15, point 13).

Every user-facing text says things the same way:
- the address people sign in with is their « adresse électronique » (the term of the
  French administration, and our User model's); a message sent to it is a « courriel »;
- a role is named without assuming the person's gender: « référent·e », « qu’agent »;
- a count agrees with its number (`ngettext`, `{% blocktranslate count %}`): French
  keeps 0 and 1 singular;
- a date is written out, « 10 décembre 2026 » (`|date:"j F Y"`), except in CSV exports,
  which spreadsheets read.

`FORBIDDEN` lists the forms that went against these rules; tests/incubateur/test_glossary.py
greps the templates and the Python sources for them.
"""

import re

from django.utils.translation import gettext_lazy as _

EMAIL_ADDRESS = _("Adresse électronique")

# « en tant que … » with each membership role (programmes.models.Membership.Role).
ROLE_PHRASES = {
    "agent": _("en tant qu’agent"),
    "referent": _("en tant que référent·e"),
}


def role_phrase(role: str) -> str:
    return str(ROLE_PHRASES[role])


# pattern: what to write instead.
FORBIDDEN = {
    r"(?i)\ben tant que (\{\{ ?role|%\(role)": "role_phrase (« en tant qu’agent »)",
    r"(?i)\ben tant que agent": "« en tant qu’agent »",
    r"(?i)adresses? (e-?mail|mail)\b": "« adresse électronique »",
    r"(?i)\bvous êtes référent\b(?!·)": "« référent·e », or a rephrasing",
    r"(?i)\bvous a choisi\b": "a neutral rephrasing (« a retenu votre candidature »)",
    # A count without `count`, in a template or as a label beside a number.
    r"\{% blocktranslate (?:(?!count)[^%])*%\}[^{%]*\{\{ \w+ \}\} problèmes retenus": (
        "{% blocktranslate count %} (« 0 problème retenu »)"
    ),
    r"_\(\"problèmes retenus\"\)": "ngettext (« 0 problème retenu »)",
    r"SHORT_DATE_FORMAT|d/m/Y|%d/%m/%Y": '|date:"j F Y" (dates are written out)',
}
FORBIDDEN_PATTERNS = {re.compile(pattern): advice for pattern, advice in FORBIDDEN.items()}
