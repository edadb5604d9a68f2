"""A referent runs the selection: scores problems, selects one, assigns its intrapreneur
and finalises, which launches the investigation."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from demo.seed import CALL_OPEN_SLUG
from incubateur.accounts.models import User
from intrapreneurs.models import ProblemSubmission, SelectionReview
from intrapreneurs.services import programme_close_call
from investigations.models import Investigation
from programmes.models import Programme
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory

REFERENT = "referent@lehavre.fr"
AUTHOR = "agent@lehavre.fr"  # who proposed the demo problem
DEMO_PROBLEM = "Courriers aux usagers illisibles"


@pytest.fixture
def selection(demo):
    """The demo's open call, with two more problems and two volunteers, moved to selection."""
    programme = Programme.objects.get(slug=CALL_OPEN_SLUG)
    collectivity = programme.submissions.get(title=DEMO_PROBLEM).collectivity
    for title, service in [
        ("Dossiers de subvention égarés", "Vie associative"),
        ("Inscriptions scolaires en double", "Éducation"),
    ]:
        ProblemSubmissionFactory(
            programme=programme,
            collectivity=collectivity,
            title=title,
            service=service,
            submitted=True,
        )
    for email, agrees in [("nadia.perrin@lehavre.fr", True), ("thomas.lemaire@lehavre.fr", False)]:
        CandidacyFactory(
            programme=programme, agent=User.objects.get(email=email), manager_agrees=agrees
        )
    programme_close_call(programme=programme, by=User.objects.get(email="admin@anct.gouv.fr"))
    return programme


def score(page, impact, scale, feasibility, comment):
    # DSFR draws each radio over its hidden input: a person clicks the label.
    for legend, value in [
        ("Impact sur les usagers", impact),
        ("Ampleur du problème", scale),
        ("Faisabilité en 12 semaines", feasibility),
    ]:
        page.get_by_role("group", name=legend).get_by_text(str(value), exact=True).click()
    page.get_by_label("Commentaire").fill(comment)
    page.get_by_role("button", name="Enregistrer mon évaluation").click()
    expect(page.get_by_text("Votre évaluation est enregistrée.")).to_be_visible()


def expect_author_reads(page, status, absent):
    """On the call page and the problem's page, the author reads `status`, never `absent`."""
    page.goto(f"/programmes/{CALL_OPEN_SLUG}/appel/")
    row = page.get_by_role("row", name=DEMO_PROBLEM)
    expect(row.get_by_text(status, exact=True)).to_be_visible()
    expect(row.get_by_text(absent, exact=True)).to_have_count(0)
    row.get_by_role("link", name=DEMO_PROBLEM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_PROBLEM)
    expect(page.get_by_text(status, exact=True)).to_be_visible()
    expect(page.get_by_text(absent, exact=True)).to_have_count(0)


def test_referent_scores_selects_assigns_and_finalises(
    page, selection, login, browser, live_server
):
    # The problem's author follows it in a browser of their own.
    author_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    author_page = login(author_context.new_page(), AUTHOR)
    expect_author_reads(author_page, "En cours d’examen", absent="Retenu")

    login(page, REFERENT)
    page.get_by_role("link", name="Sélectionner les problèmes").click()
    page.wait_for_url(f"**/programmes/{CALL_OPEN_SLUG}/selection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sélection des problèmes")
    results = page.locator("#resultats")
    expect(results.get_by_role("status")).to_have_text("3 problèmes")

    # The filter answers through htmx: the list changes and the address follows.
    page.get_by_label("Service").select_option("Vie associative")
    expect(results.get_by_role("status")).to_have_text("1 problème")
    expect(page).to_have_url(re.compile(r"[?&]service=Vie(\+|%20)associative"))
    results.get_by_role("link", name="Dossiers de subvention égarés").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers de subvention égarés")
    score(page, 2, 3, 2, "Un vrai sujet, mais trop large pour dix semaines.")

    page.goto(f"/programmes/{CALL_OPEN_SLUG}/selection/")
    page.get_by_role("link", name=DEMO_PROBLEM).click()
    score(page, 5, 4, 4, "Tous les usagers sont concernés.")
    expect(page.get_by_text("Note moyenne : 4,3 / 5 (1 évaluation).")).to_be_visible()

    page.get_by_role("button", name="Retenir", exact=True).click()
    expect(page.get_by_text(f"« {DEMO_PROBLEM} » est retenu.")).to_be_visible()
    team = page.locator("#equipe")
    team.locator("label", has_text="Nadia Perrin").click()
    expect(team.get_by_role("checkbox", name="Nadia Perrin")).to_be_checked()
    team.get_by_role("button", name="Enregistrer l’équipe").click()
    expect(page.get_by_text("L’équipe est enregistrée.")).to_be_visible()
    expect(page.locator("#equipe li", has_text="Nadia Perrin")).to_be_visible()
    # The decision is the committee's until the selection is finalised.
    expect_author_reads(author_page, "En cours d’examen", absent="Retenu")

    page.goto(f"/programmes/{CALL_OPEN_SLUG}/selection/")
    page.get_by_role("link", name="Finaliser la sélection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finaliser la sélection")
    expect(
        page.get_by_role("heading", name="1 problème retenu sur l’objectif de 6")
    ).to_be_visible()
    # One problem of the six aimed at: finalising asks to confirm it.
    page.locator("label", has_text="Je confirme : finaliser avec 1 problème retenu").click()
    page.get_by_role("button", name="Finaliser la sélection et envoyer les courriels").click()
    expect(
        page.get_by_text("La sélection est finalisée : 1 investigation est lancée.")
    ).to_be_visible()

    expect_author_reads(author_page, "Retenu", absent="En cours d’examen")
    author_context.close()

    investigation = Investigation.objects.get(programme=selection)
    assert investigation.submission.title == DEMO_PROBLEM
    assert [m.user.email for m in investigation.team_memberships.all()] == [
        "nadia.perrin@lehavre.fr"
    ]
    assert investigation.sessions.count() == selection.weeks
    selection.refresh_from_db()
    assert selection.status == Programme.Status.INVESTIGATION
    # The demo's draft stays a draft; the other submitted problems are declined.
    assert dict(
        selection.submissions.exclude(status=ProblemSubmission.Status.DRAFT).values_list(
            "title", "status"
        )
    ) == {
        DEMO_PROBLEM: ProblemSubmission.Status.SELECTED,
        "Dossiers de subvention égarés": ProblemSubmission.Status.DECLINED,
        "Inscriptions scolaires en double": ProblemSubmission.Status.DECLINED,
    }
    scores = SelectionReview.objects.filter(
        reviewer__email=REFERENT, submission__programme=selection
    ).order_by("average")
    assert [review.submission.title for review in scores] == [
        "Dossiers de subvention égarés",
        DEMO_PROBLEM,
    ]


def test_referent_scores_without_javascript(page_without_js, selection, login):
    page = page_without_js
    login(page, REFERENT)
    page.goto(f"/programmes/{CALL_OPEN_SLUG}/selection/")
    page.get_by_role("link", name="Inscriptions scolaires en double").click()
    score(page, 3, 5, 4, "Facile à mesurer.")

    review = SelectionReview.objects.get(
        reviewer__email=REFERENT, submission__title="Inscriptions scolaires en double"
    )
    assert (review.impact_score, review.scale_score, review.feasibility_score) == (3, 5, 4)
    assert review.comment == "Facile à mesurer."


def test_referent_closes_the_call_after_confirming_what_happens(page, demo, login, mailoutbox):
    programme = Programme.objects.get(slug=CALL_OPEN_SLUG)
    today = timezone.localdate()
    login(page, REFERENT)
    page.goto(f"/programmes/{CALL_OPEN_SLUG}/")
    page.get_by_role("link", name="Clore l’appel et commencer la sélection").click()

    # Nothing changes before the confirmation, which says what will happen.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Clore l’appel et commencer la sélection ?"
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN
    planned = date_format(programme.call_closes_on, "j F Y")
    expect(page.get_by_text(f"au lieu du {planned} prévu", exact=False)).to_be_visible()
    expect(page.get_by_text("1 problème déposé passe au comité de sélection.")).to_be_visible()
    # The demo's draft, and the draft a pivot of the first wave brought to this call.
    expect(page.get_by_text("2 brouillons non soumis seront perdus pour l’appel")).to_be_visible()
    expect(page.get_by_text("2 agents ayant déposé un problème ou un brouillon")).to_be_visible()

    page.get_by_role("button", name="Clore l’appel et prévenir les agents").click()
    expect(page.get_by_text("L’appel est clos : la sélection commence.")).to_be_visible()

    # The calendar shows the real closing date, and the draft's owner was told.
    expect(page.get_by_text(f"au {date_format(today, 'j F Y')}", exact=False)).to_be_visible()
    expect(page.get_by_text(f"au {planned}", exact=False)).to_have_count(0)
    programme.refresh_from_db()
    assert (programme.status, programme.call_closes_on) == (Programme.Status.SELECTION, today)
    emails = {email.to[0]: email for email in mailoutbox}
    assert len(mailoutbox) == len(emails) == 2
    assert "Appels sans réponse au standard" in emails[AUTHOR].body
