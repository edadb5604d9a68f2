"""A referent during the call: their to-do leads to the submissions (read only), with no
agent action, and the programme page offers nothing of the later steps (issue 15,
point 8)."""

from playwright.sync_api import expect

from demo.seed import CALL_OPEN_SLUG, INVESTIGATING_SLUG

REFERENT = "referent@lehavre.fr"
LATER_EXPORTS = ["Journaux de bord", "Présences", "Conclusions"]


def test_during_the_call_a_referent_follows_the_submissions(page, demo, login):
    login(page, REFERENT)

    to_do = page.get_by_role("region", name="À faire")
    expect(to_do.get_by_role("heading", name="Appel en cours")).to_be_visible()
    expect(to_do.get_by_role("link", name="Proposer un problème")).to_have_count(0)
    expect(to_do.get_by_text("Pas de candidature d’intrapreneur")).to_have_count(0)
    to_do.get_by_role("link", name="Suivre les problèmes déposés").click()
    page.wait_for_url(f"**/programmes/{CALL_OPEN_SLUG}/selection/")
    expect(page.get_by_text("Cette page est en lecture seule.")).to_be_visible()

    page.goto(f"/programmes/{CALL_OPEN_SLUG}/")
    expect(page.get_by_role("link", name="Voir les problèmes déposés")).to_be_visible()
    expect(page.get_by_role("link", name="Problèmes déposés CSV")).to_be_visible()
    for export in LATER_EXPORTS:
        expect(page.get_by_role("link", name=f"{export} CSV")).to_have_count(0)
    expect(page.get_by_role("heading", name="Rapport de fin de programme")).to_have_count(0)

    # Once investigations run, they are there.
    page.goto(f"/programmes/{INVESTIGATING_SLUG}/")
    for export in LATER_EXPORTS:
        expect(page.get_by_role("link", name=f"{export} CSV")).to_be_visible()
    expect(page.get_by_role("heading", name="Rapport de fin de programme")).to_be_visible()
