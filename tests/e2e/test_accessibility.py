"""Accessibility in the browser: axe-core on every page of the journeys, a form walked
with the keyboard only, and the structure of each role's main page (one h1, landmarks,
labelled fields, DSFR skip links, visible focus)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from intrapreneurs.models import ProblemSubmission
from investigations.models import Fiche, Investigation

PROBLEM = "Rendez-vous non honorés dans les services sociaux"
INVESTIGATING = "le-havre-vague-1"
CALL_OPEN = "le-havre-2026"
BLOCKING_IMPACTS = {"serious", "critical"}


def _pages_of(role: str) -> list[str]:
    """The pages each role goes through in the journeys (tests/e2e/test_*_journey.py)."""
    investigation = Investigation.objects.get(submission__title=PROBLEM)
    week = investigation.current_week(list(investigation.sessions.order_by("week")))
    submission = ProblemSubmission.objects.filter(
        programme__slug=CALL_OPEN, status=ProblemSubmission.Status.SUBMITTED
    ).first()
    on_investigation = [investigation.pk]
    return {
        "agent@lehavre.fr": [
            reverse("home"),
            reverse("intrapreneurs:call_detail", args=[CALL_OPEN]),
            reverse("intrapreneurs:submission_create", args=[CALL_OPEN]),
            reverse("intrapreneurs:candidacy_form", args=[CALL_OPEN]),
        ],
        "referent@lehavre.fr": [
            reverse("home"),
            reverse("intrapreneurs:selection_list", args=[CALL_OPEN]),
            reverse("intrapreneurs:selection_detail", args=[CALL_OPEN, submission.pk]),
            reverse("programmes:programme_dashboard", args=[INVESTIGATING]),
        ],
        "intrapreneur@lehavre.fr": [
            reverse("home"),
            reverse("investigations:investigation_detail", args=on_investigation),
            reverse("investigations:log_form", args=[investigation.pk, week]),
            reverse("investigations:hypothesis_board", args=on_investigation),
            reverse(
                "investigations:hypothesis_update",
                args=[investigation.pk, investigation.hypotheses.first().pk],
            ),
            reverse("investigations:conclusion", args=on_investigation),
            reverse("investigations:fiche_form", args=on_investigation),
        ],
        "coach@anct.gouv.fr": [
            reverse("investigations:dashboard"),
            reverse("investigations:investigation_detail", args=on_investigation),
            reverse("investigations:committee_review", args=on_investigation),
            reverse(
                "investigations:milestone_update",
                args=[investigation.pk, investigation.milestones.first().pk],
            ),
            reverse("investigations:conclusion", args=on_investigation),
            reverse("investigations:fiche_form", args=on_investigation),
        ],
        "admin@anct.gouv.fr": [
            reverse("home"),
            reverse("programmes:programme_detail", args=[INVESTIGATING]),
            reverse("programmes:report_list", args=[INVESTIGATING]),
            reverse("programmes:programme_dashboard", args=[INVESTIGATING]),
            reverse("programmes:national_dashboard"),
        ],
    }[role]


def _blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) — {violation['help']} — "
        f"{[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_public_pages_have_no_serious_violation(page, demo):
    violations = []
    published = Fiche.objects.published().first()
    for url in [
        reverse("landing"),
        reverse("account_login"),
        reverse("investigations:public_problem_list"),
        reverse("investigations:public_problem", args=[published.slug]),
        reverse("investigations:api_docs"),
        f"{reverse('knowledge:search')}?q=accueil",
    ]:
        page.goto(url)
        violations += _blocking_violations(page)
    # The statement, reached from the footer as anyone would.
    page.get_by_role("contentinfo").get_by_role(
        "link", name="Accessibilité : partiellement conforme"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    violations += _blocking_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize(
    "email",
    [
        "agent@lehavre.fr",
        "referent@lehavre.fr",
        "intrapreneur@lehavre.fr",
        "coach@anct.gouv.fr",
        "admin@anct.gouv.fr",
    ],
)
def test_pages_of_each_role_have_no_serious_violation(page, demo, login, email):
    login(page, email)
    violations = []
    for url in _pages_of(email):
        response = page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        violations += _blocking_violations(page)
    assert not violations, "\n".join(violations)


def test_login_form_can_be_filled_and_sent_with_the_keyboard_only(page, demo):
    page.goto(reverse("account_login"))
    form = page.locator("form[action='/comptes/login/']")
    fields = form.locator("input:visible:not([type=hidden]), select:visible, textarea:visible")
    expected = set(fields.evaluate_all("elements => elements.map(element => element.id)"))
    typed = {"id_login": "agent@lehavre.fr", "id_password": "demo-investigations-2026"}
    reached = []
    for _press in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({id: document.activeElement.id, "
            "text: document.activeElement.textContent.trim(), "
            "tag: document.activeElement.tagName})"
        )
        if focused["id"] in typed:
            page.keyboard.type(typed[focused["id"]])
        reached.append(focused["id"])
        if focused["tag"] == "BUTTON" and focused["text"] == "Se connecter":
            break
    else:
        pytest.fail(f"The submit button is never reached with Tab; reached: {reached}")
    assert expected <= set(reached), f"Not reached with Tab: {expected - set(reached)}"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accueil/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


# The structure checks, in the page: each returns a list of problems.
UNLABELLED_FIELDS = """() => [...document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
  )].filter(field => !field.labels.length && !field.getAttribute("aria-label")
    && !field.getAttribute("aria-labelledby"))
  .map(field => field.outerHTML.slice(0, 120))"""
BROKEN_SKIP_LINKS = """() => [...document.querySelectorAll(".fr-skiplinks a")]
  .filter(link => !document.getElementById(link.hash.slice(1)))
  .map(link => link.getAttribute("href"))"""


@pytest.mark.parametrize(
    ("email", "home"),
    [
        ("agent@lehavre.fr", "/accueil/"),
        ("referent@lehavre.fr", "/accueil/"),
        ("intrapreneur@lehavre.fr", "/accueil/"),
        ("coach@anct.gouv.fr", "/tableau-de-bord/"),
        ("admin@anct.gouv.fr", "/accueil/"),
    ],
)
def test_main_page_of_each_role_has_a_sound_structure(page, demo, login, email, home):
    login(page, email)
    expect(page).to_have_url(re.compile(f"{home}$"))

    expect(page.locator("h1")).to_have_count(1)
    for role in ["banner", "main", "contentinfo", "navigation"]:
        expect(page.get_by_role(role).first).to_be_attached()
    assert page.evaluate(UNLABELLED_FIELDS) == []

    skip_links = page.locator(".fr-skiplinks a")
    assert skip_links.evaluate_all("links => links.map(link => link.hash)") == [
        "#contenu",
        "#navigation-principale",
        "#pied-de-page",
    ]
    assert page.evaluate(BROKEN_SKIP_LINKS) == []

    # The first Tab reaches the first skip link, which shows a focus ring.
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#contenu")
    outline = focused.evaluate(
        "element => { const style = getComputedStyle(element); "
        "return [style.outlineStyle, style.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline
