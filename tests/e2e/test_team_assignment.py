"""A refused team assignment is explained where the referent acted: in the team section,
which takes the focus, not at the top of a long page."""

from playwright.sync_api import expect

from intrapreneurs.models import ProblemSubmission
from tests.e2e.test_referent_journey import DEMO_PROBLEM, REFERENT, selection  # noqa: F401

OTHER_PROBLEM = "Dossiers de subvention égarés"


def test_a_volunteer_already_in_a_team_is_refused_with_the_focus_on_the_error(
    page,
    selection,  # noqa: F811 - the fixture imported above
    login,
):
    selection.submissions.filter(title__in=[DEMO_PROBLEM, OTHER_PROBLEM]).update(
        status=ProblemSubmission.Status.SELECTED
    )
    nadia = selection.candidacies.get(agent__email="nadia.perrin@lehavre.fr")
    selection.submissions.get(title=OTHER_PROBLEM).intrapreneurs.add(nadia)
    login(page, REFERENT)
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"/programmes/{selection.slug}/selection/")
    page.get_by_role("link", name=DEMO_PROBLEM).click()

    team = page.locator("#equipe")
    team.locator("label", has_text="Nadia Perrin").click()
    team.get_by_role("button", name="Enregistrer l’équipe").click()

    error = page.locator(":focus")
    expect(error).to_contain_text("Déjà dans l’équipe d’un autre problème : Nadia Perrin.")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_be_in_viewport()
    expect(team.locator(":focus")).to_have_count(1)
    expect(page.locator(".fr-alert--error")).to_have_count(1)
    expect(team.get_by_role("checkbox", name="Nadia Perrin")).to_be_checked()
    assert not selection.submissions.get(title=DEMO_PROBLEM).intrapreneurs.exists()
