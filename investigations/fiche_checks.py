"""What may not appear in a published fiche problème: an email address, a phone number,
or the name of a person met (from the weekly logs) or of the team. Each finding names the
section and the line, so that the team knows what to rewrite."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from investigations.models import NextStep

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers, national or international, written with or without separators.
PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)\s?33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
)
# Titles people write before a name; not names themselves.
CIVILITIES = {"m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle", "dr", "docteur"}
MIN_NAME_LENGTH = 3

EMAIL_REASON = gettext_lazy("une adresse électronique")
PHONE_REASON = gettext_lazy("un numéro de téléphone")
NAME_REASON = gettext_lazy("le nom d’une personne rencontrée ou de l’équipe (« %(name)s »)")


@dataclass(frozen=True)
class Finding:
    section: str
    line_number: int
    line: str
    reason: str

    def __str__(self):
        return _("« %(section)s », ligne %(number)s : « %(line)s » contient %(reason)s.") % {
            "section": self.section,
            "number": self.line_number,
            "line": self.line,
            "reason": self.reason,
        }


def _plain(text: str) -> str:
    """Lower case without accents, so that « Hélène » matches « helene »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", _plain(text))


def name_patterns(names) -> dict[str, re.Pattern]:
    """For each name as written (« Mme Hélène Martin (CCAS) »): the whole name, and the
    surname alone (its last word), each matched as whole words."""
    patterns = {}
    for name in names:
        words = [
            word
            for word in _words(re.sub(r"\(.*?\)", " ", name))
            if word not in CIVILITIES and len(word) >= MIN_NAME_LENGTH
        ]
        if not words:
            continue
        label = " ".join(words)
        variants = {label, words[-1]}
        alternatives = "|".join(re.escape(variant) for variant in sorted(variants, key=len)[::-1])
        patterns[name.strip()] = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
    return patterns


def names_to_avoid(investigation) -> list[str]:
    """The people met, from every log of the investigation, and its team."""
    names = []
    for text in investigation.logs.exclude(people_met_names="").values_list(
        "people_met_names", flat=True
    ):
        names.extend(line for line in text.splitlines() if line.strip())
    for user in investigation.team.filter(anonymised_at__isnull=True):
        if user.last_name:
            names.append(f"{user.first_name} {user.last_name}")
    return names


def findings_in(texts, names) -> list[Finding]:
    """`texts` are (section label, text) pairs; every offending line, in order."""
    patterns = name_patterns(names)
    found = []
    for section, text in texts:
        for number, line in enumerate(str(text).splitlines(), start=1):
            reasons = []
            if EMAIL.search(line):
                reasons.append(str(EMAIL_REASON))
            if PHONE.search(line):
                reasons.append(str(PHONE_REASON))
            plain = _plain(line)
            for name, pattern in patterns.items():
                if pattern.search(plain):
                    reasons.append(str(NAME_REASON) % {"name": name})
            for reason in reasons:
                found.append(Finding(str(section), number, line.strip(), reason))
    return found


def fiche_texts(fiche, figures=None) -> list[tuple[str, str]]:
    """Every text of the fiche that publication shows, with its section's label; the
    figures as one line each."""
    labels = fiche.section_labels()
    texts = [(labels[name], getattr(fiche, name)) for name in fiche.SECTIONS]
    if figures is None:
        figures = [(figure.figure, figure.source) for figure in fiche.figures.all()]
    texts.append((_("Chiffres et sources"), "\n".join(f"{f} — {s}" for f, s in figures)))
    return texts


# What the public page shows of the committee's next step, written by the team: the
# post-mortem of an abandon, and where the subject continues outside the Incubateur.
PUBLIC_NEXT_STEP_FIELDS = ["abandon_why", "abandon_learnings", "abandon_changes", "elsewhere_name"]


def next_step_texts(next_step) -> list[tuple[str, str]]:
    if next_step is None:
        return []
    return [
        (next_step._meta.get_field(name).verbose_name, getattr(next_step, name))
        for name in PUBLIC_NEXT_STEP_FIELDS
    ]


def next_step_findings(next_step) -> list[Finding]:
    return findings_in(next_step_texts(next_step), names_to_avoid(next_step.investigation))


def fiche_findings(fiche, figures=None) -> list[Finding]:
    """The fiche and the next step its public page shows."""
    try:
        step = fiche.investigation.next_step
    except NextStep.DoesNotExist:
        step = None
    texts = fiche_texts(fiche, figures) + next_step_texts(step)
    return findings_in(texts, names_to_avoid(fiche.investigation))
