"""What a public fiche may not contain, line by line: emails, French phone numbers in
their usual spellings, and the names of the people met (accents and case aside) or of
the team."""

import pytest

from investigations.fiche_checks import findings_in, name_patterns, names_to_avoid
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory


def reasons(text, names=()):
    return [finding.reason for finding in findings_in([("Section", text)], names)]


@pytest.mark.parametrize(
    "phone",
    ["02 35 19 45 45", "0235194545", "02.35.19.45.45", "+33 2 35 19 45 45", "0033235194545"],
)
def test_phone_numbers_are_found_however_written(phone):
    assert reasons(f"Appeler le {phone} le matin") == ["un numéro de téléphone"]


@pytest.mark.parametrize("text", ["En 2025, 1 200 dossiers.", "32 % des rendez-vous", "Code 76600"])
def test_figures_are_not_phone_numbers(text):
    assert reasons(text) == []


def test_emails_are_found():
    assert reasons("contact : accueil.ccas@lehavre.fr") == ["une adresse électronique"]


def test_names_are_matched_whole_without_accents_or_case():
    names = ["Mme Hélène Lefebvre (CCAS)"]
    assert reasons("helene lefebvre est venue", names)
    assert reasons("Selon LEFÈBVRE, rien ne change", names)
    # Part of another word, or the first name alone: not her name.
    assert reasons("Les lefebvreries ferment.", names) == []
    assert reasons("Hélène de Troie", names) == []


def test_civilities_and_parentheses_are_not_names():
    patterns = name_patterns(["M. (accueil)", "Mme"])
    assert patterns == {}


def test_the_line_and_its_number_are_reported():
    [finding] = findings_in([("Principales causes", "Rien.\nÉcrire à a.b@c.fr\n")], [])
    assert (finding.section, finding.line_number, finding.line) == (
        "Principales causes",
        2,
        "Écrire à a.b@c.fr",
    )
    assert str(finding) == (
        "« Principales causes », ligne 2 : « Écrire à a.b@c.fr » contient une adresse électronique."
    )


def test_the_names_come_from_every_log_and_the_team():
    investigation = InvestigationFactory(members__size=1)
    member = investigation.team.get()
    WeeklyLogFactory(investigation=investigation, week=1, people_met_names="Léa Roux\n\n")
    WeeklyLogFactory(investigation=investigation, week=2, people_met_names="Paul Morel")
    names = names_to_avoid(investigation)
    assert names[:2] == ["Léa Roux", "Paul Morel"]
    assert f"{member.first_name} {member.last_name}" in names
