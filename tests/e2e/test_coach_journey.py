"""A coach starts from their dashboard, opens an investigation, comments inline, records
attendance and marks a milestone done."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from investigations.models import Attendance, Comment, Investigation, Milestone

# The late team: its committee has not met, so milestones remain to be marked.
PROBLEM = "Signalements de voirie traités plusieurs fois"
COACH = "coach@anct.gouv.fr"


def _investigation():
    return Investigation.objects.get(submission__title=PROBLEM)


def test_coach_follows_an_investigation_from_the_dashboard(page, demo, login):
    investigation = _investigation()
    login(page, COACH)

    # The coach's home is the dashboard.
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord des investigations")
    page.get_by_role("link", name=PROBLEM).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROBLEM)

    # A comment on the investigation, swapped in by htmx: the page is not reloaded.
    page.evaluate("window.sameDocument = true")
    general = page.locator("#commentaires-investigation")
    body = "Bravo pour les entretiens : pensez à interroger l’accueil du CCAS."
    general.get_by_label("Votre commentaire").fill(body)
    general.get_by_role("button", name="Commenter").click()
    general = page.locator("#commentaires-investigation")
    expect(general.get_by_role("listitem").filter(has_text=body)).to_be_visible()
    expect(general.get_by_role("status")).to_have_text("Votre commentaire est publié.")
    expect(general.get_by_label("Votre commentaire")).to_have_value("")
    assert page.evaluate("window.sameDocument") is True
    comment = Comment.objects.get(investigation=investigation, body=body)
    assert comment.log is None
    assert comment.author.email == COACH

    # This week's attendance: a toggle swapped in by htmx.
    sessions = list(investigation.sessions.order_by("week"))
    week = investigation.current_week(sessions, timezone.localdate())
    member = investigation.team.order_by("last_name").first()
    attendance = page.locator(f"#presences-semaine-{week}")
    toggles = attendance.locator("fieldset").filter(has_text=str(member))
    toggle = toggles.locator("button[aria-pressed=false]").first
    status = toggle.get_attribute("value")
    toggle.click()
    expect(
        page.locator(f"#presences-semaine-{week} fieldset")
        .filter(has_text=str(member))
        .locator(f"button[value={status}]")
    ).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.sameDocument") is True
    assert (
        Attendance.objects.get(
            session__investigation=investigation, session__week=week, user=member
        ).status
        == status
    )

    # The next milestone still to come, marked done on its page.
    milestone = investigation.milestones.filter(done_on=None).order_by("due_week").first()
    label = milestone.get_kind_display()
    page.locator("#jalons").get_by_role("link", name=f"Marquer comme réalisé : {label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    page.get_by_role("textbox", name=re.compile("^Remarque")).fill(
        "Répétition faite avec l’équipe, support à revoir."
    )
    page.get_by_role("button", name="Marquer comme réalisé").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PROBLEM)
    row = page.locator("#jalons").get_by_role("row").filter(has_text=label)
    expect(row.get_by_text(re.compile("^Réalisé le"))).to_be_visible()
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert milestone.done_on == timezone.localdate()
    assert milestone.note == "Répétition faite avec l’équipe, support à revoir."
    assert milestone.done_by.email == COACH


def test_the_comment_form_works_without_javascript(page_without_js, demo, login):
    page = page_without_js
    investigation = _investigation()
    login(page, COACH)

    page.goto(f"/investigations/{investigation.pk}/")
    general = page.locator("#commentaires-investigation")
    body = "Un commentaire envoyé sans JavaScript."
    general.get_by_label("Votre commentaire").fill(body)
    general.get_by_role("button", name="Commenter").click()

    expect(page).to_have_url(re.compile(r"#commentaires-investigation$"))
    expect(page.get_by_role("status").first).to_contain_text("Votre commentaire est publié.")
    expect(
        page.locator("#commentaires-investigation").get_by_role("listitem").filter(has_text=body)
    ).to_be_visible()
    assert Comment.objects.filter(investigation=investigation, body=body, log=None).exists()
