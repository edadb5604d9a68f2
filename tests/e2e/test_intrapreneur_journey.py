"""An intrapreneur fills this week's log from their home page, then adds a hypothesis
and moves it on the board."""

import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from investigations.models import Hypothesis, HypothesisChange, Investigation, WeeklyLog

PROBLEM = "Rendez-vous non honorés dans les services sociaux"
INTRAPRENEUR = "intrapreneur@lehavre.fr"
# The log's button: "Envoyer au coach" for a draft or a new log, else the log is sent.
SAVE_LOG = re.compile("Envoyer au coach|Enregistrer les modifications")


def _investigation():
    return Investigation.objects.get(submission__title=PROBLEM)


def _current_week(investigation) -> int:
    sessions = list(investigation.sessions.order_by("week"))
    return investigation.current_week(sessions, timezone.localdate())


def test_intrapreneur_fills_the_log_and_moves_a_hypothesis(page, demo, login):
    investigation = _investigation()
    week = _current_week(investigation)
    login(page, INTRAPRENEUR)

    # The home page's to-do leads to this week's log.
    to_do = page.get_by_role("article").filter(has_text=PROBLEM)
    to_do.get_by_role("link", name=re.compile(f"de la semaine {week}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Journal de la semaine {week}")
    # « Activités » keeps the form's spacing from the field above it (issue 15).
    hours = page.get_by_label("Temps passé (heures)").bounding_box()
    activities = page.locator("label[for=id_activities]").bounding_box()
    assert activities["y"] - (hours["y"] + hours["height"]) >= 16, (hours, activities)
    page.get_by_label("Temps passé (heures)").fill("7,5")
    page.get_by_label("Activités").fill("Trois entretiens avec des usagers absents.")
    page.get_by_label("Usagers rencontrés").fill("3")
    page.get_by_label("Principaux apprentissages").fill("Le SMS de rappel arrive trop tard.")
    page.get_by_role("button", name=SAVE_LOG).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PROBLEM)
    expect(page.get_by_role("status").first).to_contain_text(f"semaine {week}")
    log = WeeklyLog.objects.get(investigation=investigation, week=week)
    assert log.is_submitted
    assert log.hours_spent == Decimal("7.5")
    assert log.activities == "Trois entretiens avec des usagers absents."
    assert log.key_learnings == "Le SMS de rappel arrive trop tard."
    assert log.usagers_met == 3

    # From the investigation page to the board: add a hypothesis, then validate it.
    page.get_by_role("link", name="Voir le tableau des hypothèses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau des hypothèses")
    statement = "Les usagers ne lisent pas les SMS envoyés après 18 h"
    page.get_by_role("textbox", name=re.compile("^Hypothèse")).fill(statement)
    page.get_by_label("Éléments de preuve").fill("Deux usagers sur trois l’ont dit.")
    page.get_by_role("button", name="Ajouter au tableau").click()

    to_test = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("^À tester"))
    )
    card = to_test.get_by_role("article").filter(has_text=statement)
    expect(card).to_be_visible()
    hypothesis = Hypothesis.objects.get(investigation=investigation, statement=statement)
    assert hypothesis.status == Hypothesis.Status.TO_TEST

    card.get_by_role("link", name=re.compile("^Faire évoluer")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(statement)
    # A DSFR radio is drawn by its label, which takes the click, as for a person.
    page.get_by_text("Validée", exact=True).click()
    expect(page.get_by_role("radio", name="Validée", exact=True)).to_be_checked()
    page.get_by_label("Éléments de preuve").fill("Confirmé par l’analyse des horaires d’envoi.")
    page.get_by_role("button", name="Enregistrer").click()

    validated = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("^Validées"))
    )
    expect(validated.get_by_role("article").filter(has_text=statement)).to_be_visible()
    hypothesis.refresh_from_db()
    assert hypothesis.status == Hypothesis.Status.VALIDATED
    assert hypothesis.evidence == "Confirmé par l’analyse des horaires d’envoi."
    change = HypothesisChange.objects.filter(hypothesis=hypothesis).latest("pk")
    assert (change.from_status, change.to_status) == ("to_test", "validated")


def test_the_log_form_works_without_javascript(page_without_js, demo, login):
    page = page_without_js
    investigation = _investigation()
    week = _current_week(investigation)
    login(page, INTRAPRENEUR)

    page.goto(f"/investigations/{investigation.pk}/")
    page.get_by_role("link", name=re.compile(f"de la semaine {week}$")).first.click()
    page.get_by_label("Temps passé (heures)").fill("6,5")
    page.get_by_label("Activités").fill("Observation de l’accueil, sans JavaScript.")
    page.get_by_label("Principaux apprentissages").fill("Les convocations arrivent tard.")
    page.get_by_role("button", name=SAVE_LOG).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PROBLEM)
    expect(page.get_by_role("status").first).to_contain_text(f"semaine {week}")
    log = WeeklyLog.objects.get(investigation=investigation, week=week)
    assert log.is_submitted
    assert log.hours_spent == Decimal("6.5")
    assert log.activities == "Observation de l’accueil, sans JavaScript."
