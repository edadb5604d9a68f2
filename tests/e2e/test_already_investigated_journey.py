"""An agent of Le Havre writes a problem that Rouen already investigated: while they type,
the « déjà investigué ailleurs » panel shows Rouen's published problem (never an
unpublished one of another collectivité), and the search finds it too."""

from playwright.sync_api import expect

from demo.seed import CALL_OPEN_SLUG
from investigations.models import CommitteeReview
from tests.knowledge.helpers import problem
from tests.programmes.factories import CollectivityFactory

AGENT = "agent@lehavre.fr"


def test_typing_a_problem_shows_the_one_rouen_investigated(page, demo, login):
    rouen = CollectivityFactory(name="Ville de Rouen")
    problem(
        "Rendez-vous non honorés au CCAS",
        statement="Un usager sur trois ne vient pas à son rendez-vous social.",
        collectivity=rouen,
        decision=CommitteeReview.Decision.BUILD,
    )
    problem(
        "Rendez-vous non honorés à la PMI",
        collectivity=CollectivityFactory(name="Ville de Caen"),
        published=False,
    )
    login(page, AGENT)
    page.goto(f"/programmes/{CALL_OPEN_SLUG}/appel/nouveau-probleme/")
    panel = page.locator("#deja-investigue")
    expect(panel).to_contain_text("Écrivez le titre et le problème")
    page.get_by_label("Titre du problème").press_sequentially("Les rendez-vous ne sont pas honorés")
    expect(panel.get_by_role("link", name="Rendez-vous non honorés au CCAS")).to_be_visible()
    expect(panel).to_contain_text("Ville de Rouen")
    expect(panel).to_contain_text("Lancer la construction d’un service")
    expect(panel).not_to_contain_text("PMI")

    page.goto("/recherche/?q=rendez+vous+honores")
    results = page.locator("#resultats")
    expect(results.get_by_role("link", name="Rendez-vous non honorés au CCAS")).to_be_visible()
    expect(results).not_to_contain_text("Rendez-vous non honorés à la PMI")
    expect(results.locator("mark").first).to_be_visible()
