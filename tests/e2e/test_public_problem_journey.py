"""A coach publishes a demo problem's fiche; an anonymous visitor (without JavaScript)
finds it in the public index by theme and reads it; once unpublished, it answers 404."""

import re

from playwright.sync_api import expect

from investigations.models import Fiche, Investigation, Milestone

PROBLEM = "Attente au guichet de l’état civil"
COACH = "coach@anct.gouv.fr"


def test_coach_publishes_and_a_visitor_finds_the_problem_by_theme(
    page, page_without_js, demo, login
):
    investigation = Investigation.objects.get(submission__title=PROBLEM)
    login(page, COACH)
    page.goto(f"/investigations/{investigation.pk}/")
    page.locator("#fiche-probleme").get_by_role("link", name="Ouvrir la fiche problème").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fiche problème")
    page.get_by_role("button", name="Publier la fiche").click()
    expect(page.get_by_text("La fiche est publiée.")).to_be_visible()
    fiche = Fiche.objects.get(investigation=investigation)
    assert fiche.is_published
    assert investigation.milestones.get(kind=Milestone.Kind.PUBLIC_PAGE).is_done
    public_path = f"/problemes-publics/{fiche.slug}/"

    # An anonymous visitor, without JavaScript, filters the index by theme.
    visitor = page_without_js
    visitor.goto("/problemes-publics/")
    visitor.get_by_label("Thématique").select_option(label="Accueil et relation usagers")
    visitor.get_by_role("button", name="Filtrer").click()
    expect(visitor).to_have_url(re.compile(r"theme=accueil-et-relation-usagers"))
    visitor.get_by_role("link", name=PROBLEM).click()
    expect(visitor).to_have_url(re.compile(re.escape(public_path) + "$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(PROBLEM)
    expect(visitor.get_by_text("Principales causes")).to_be_visible()
    expect(visitor.get_by_text("Sylvie Garnier")).to_have_count(0)

    # Unpublished, the page answers 404 again.
    page.get_by_role("button", name="Dépublier").click()
    expect(page.get_by_text("La fiche n’est plus publique.")).to_be_visible()
    response = visitor.goto(public_path)
    assert response.status == 404
