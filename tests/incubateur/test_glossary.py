"""One way to say things (incubateur/glossary.py): no template or Python string uses a
form the glossary forbids, counts agree with their number, roles are named neutrally."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils.translation import ngettext

from incubateur import glossary
from programmes.models import Membership
from tests.programmes.factories import InvitationFactory

ROOT = Path(settings.BASE_DIR)
APPS = ["incubateur", "programmes", "intrapreneurs", "investigations", "reports", "demo"]
# CSV exports write numeric dates on purpose: spreadsheets read them as dates.
NUMERIC_DATES_ALLOWED = {"reports/exports.py"}


def _sources():
    yield from (ROOT / "templates").rglob("*.html")
    yield from (ROOT / "templates").rglob("*.txt")
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and path.name != "glossary.py":
                yield path


def test_no_template_or_python_string_uses_a_forbidden_form():
    found = []
    for path in _sources():
        relative = str(path.relative_to(ROOT))
        text = path.read_text()
        for pattern, advice in glossary.FORBIDDEN_PATTERNS.items():
            if relative in NUMERIC_DATES_ALLOWED and "d/m/Y" in pattern.pattern:
                continue
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: « {match.group()} » → {advice}")
    assert found == [], "\n".join(found)


# What the walk of the journeys found, as written then: each must be caught.
FOUND_IN_THE_JOURNEYS = [
    "Vous avez rejoint %(collectivity)s en tant que %(role)s.",
    "Paul vous invite à rejoindre Le Havre en tant que agent.",
    "{{ inviter }} vous invite à rejoindre {{ name }} en tant que {{ role }}.",
    "[Investigations] Confirmez votre adresse e-mail",
    "Vous êtes référent des programmes de votre collectivité.",
    "Le comité de sélection vous a choisi comme intrapreneur",
    "{% blocktranslate with selected=n %}{{ selected }} problèmes retenus{% endblocktranslate %}",
    '(_("problèmes retenus"), _number(call.selected)),',
    '{{ progress.last_log_at|date:"SHORT_DATE_FORMAT" }}',
]


def test_the_forbidden_forms_are_caught():
    for sample in FOUND_IN_THE_JOURNEYS:
        assert any(pattern.search(sample) for pattern in glossary.FORBIDDEN_PATTERNS), sample
    for pattern in glossary.FORBIDDEN_PATTERNS:
        assert any(pattern.search(sample) for sample in FOUND_IN_THE_JOURNEYS), pattern
    assert not any(
        pattern.search(
            "en tant qu’agent, en tant que référent·e, adresse électronique, {% blocktranslate "
            "count counter=n %}{{ counter }} problème retenu{% plural %}{{ counter }} "
            "problèmes retenus{% endblocktranslate %}"
        )
        for pattern in glossary.FORBIDDEN_PATTERNS
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 problème retenu"), (1, "1 problème retenu"), (2, "2 problèmes retenus")],
)
def test_french_plurals_keep_zero_and_one_singular(count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} problème retenu"
        "{% plural %}{{ counter }} problèmes retenus{% endblocktranslate %}"
    )

    assert template.render(Context({"n": count})) == expected
    assert ngettext("problème retenu", "problèmes retenus", count) == expected.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        (Membership.Role.AGENT, "en tant qu’agent"),
        (Membership.Role.REFERENT, "en tant que référent·e"),
    ],
)
def test_invitations_name_the_role_neutrally(client, role, phrase):
    invitation = InvitationFactory(role=role, invited_by=None, collectivity__name="Le Havre")

    response = client.get(f"/invitations/{invitation.token}/")

    assert f"rejoindre Le Havre {phrase}." in response.content.decode()
