"""An agent answers the open call: proposes a problem with an attachment, then volunteers."""

from playwright.sync_api import expect

from demo.seed import CALL_OPEN_SLUG
from intrapreneurs.models import Candidacy, ProblemSubmission

AGENT = "agent@lehavre.fr"
PDF = {
    "name": "constat-accueil.pdf",
    "mimeType": "application/pdf",
    "buffer": (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    ),
}


def fill_problem(page, title):
    page.get_by_label("Titre du problème").fill(title)
    page.get_by_label("Le problème, avec vos mots").fill(
        "Les usagers attendent quarante minutes au guichet des cartes d’identité."
    )
    page.get_by_label("Qui est concerné").fill("Les habitants qui renouvellent leurs papiers")
    page.get_by_label("Service concerné").fill("État civil")


def test_agent_submits_a_problem_with_an_attachment_then_volunteers(page, demo, login):
    login(page, AGENT)
    page.get_by_role("link", name="Appel à problèmes").first.click()
    page.wait_for_url(f"**/programmes/{CALL_OPEN_SLUG}/appel/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Appel à problèmes et à intrapreneurs"
    )

    page.get_by_role("link", name="Proposer un problème").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un problème")
    fill_problem(page, "Attente au guichet des titres d’identité")
    page.get_by_label("Ajouter des fichiers").set_input_files(PDF)
    page.get_by_role("button", name="Soumettre", exact=True).click()

    page.wait_for_url("**/problemes/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Attente au guichet des titres d’identité"
    )
    expect(page.get_by_text("Déposé", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="constat-accueil.pdf")).to_be_visible()
    submission = ProblemSubmission.objects.get(title="Attente au guichet des titres d’identité")
    assert submission.status == ProblemSubmission.Status.SUBMITTED
    assert submission.author.email == AGENT
    assert submission.service == "État civil"
    [attachment] = submission.attachments.all()
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF["buffer"]

    page.goto(f"/programmes/{CALL_OPEN_SLUG}/appel/")
    page.get_by_role("link", name="Me porter volontaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ma candidature d’intrapreneur")
    page.get_by_label("Votre motivation").fill("J’accueille ces usagers chaque semaine.")
    # DSFR draws the box over the hidden input: a person clicks the label.
    page.locator("label", has_text="Attente au guichet des titres d’identité").check()
    page.get_by_label("Nom de votre responsable").fill("Claire Martin")
    page.get_by_label("Adresse électronique de votre responsable").fill("claire.martin@lehavre.fr")
    page.locator("label", has_text="Mon responsable accepte").check()
    page.get_by_role("button", name="Me porter volontaire").click()

    page.wait_for_url(f"**/programmes/{CALL_OPEN_SLUG}/appel/")
    expect(page.get_by_text("Vous êtes volontaire")).to_be_visible()
    expect(
        page.get_by_text("Votre responsable, Claire Martin, a donné son accord.")
    ).to_be_visible()
    candidacy = Candidacy.objects.get(agent__email=AGENT, programme__slug=CALL_OPEN_SLUG)
    assert candidacy.manager_agrees
    assert list(candidacy.preferred_problems.all()) == [submission]


def test_agent_submits_a_problem_without_javascript(page_without_js, demo, login):
    page = page_without_js
    login(page, AGENT)
    page.goto(f"/programmes/{CALL_OPEN_SLUG}/appel/nouveau-probleme/")
    fill_problem(page, "Formulaires papier en double")
    page.get_by_label("Ajouter des fichiers").set_input_files(PDF)
    page.get_by_role("button", name="Soumettre", exact=True).click()

    page.wait_for_url("**/problemes/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulaires papier en double")
    submission = ProblemSubmission.objects.get(title="Formulaires papier en double")
    assert submission.status == ProblemSubmission.Status.SUBMITTED
    assert submission.attachments.count() == 1
