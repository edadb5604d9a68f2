"""Small screens (WCAG 1.4.10, reflow): no main page scrolls sideways at 320 px, and the
header, with its menu open, fits a 390 px phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from demo.seed import CALL_OPEN_SLUG
from intrapreneurs.models import ProblemSubmission
from programmes.models import Collectivity
from tests.e2e.test_accessibility import INVESTIGATING, _pages_of

NARROW = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}

# The page is wider than the window, and the elements that stick out (the deepest ones).
OVERFLOW = """() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const limit = root.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 1
      && ![...element.children].some(child => child.getBoundingClientRect().right > limit + 1);
  });
  return {width: root.scrollWidth, client: root.clientWidth,
    culprits: wide.slice(0, 8).map(element =>
      `${element.tagName}.${element.className} ${element.getBoundingClientRect().right}`)};
}"""


def _more_pages_of(email: str) -> list[str]:
    """Beyond the journeys' pages: each role's lists, forms and account pages."""
    le_havre = Collectivity.objects.get(name="Ville du Havre")
    own_submission = ProblemSubmission.objects.filter(author__email="agent@lehavre.fr").first()
    account = [
        reverse("accounts:profile"),
        reverse("account_email"),
        reverse("notifications:preferences"),
        reverse("privacy:my_data"),
    ]
    return {
        "agent@lehavre.fr": [reverse("intrapreneurs:submission_detail", args=[own_submission.pk])]
        if own_submission
        else [],
        "referent@lehavre.fr": [
            reverse("programmes:collectivity_detail", args=[le_havre.pk]),
            reverse("programmes:programme_detail", args=[CALL_OPEN_SLUG]),
            reverse("intrapreneurs:call_detail", args=[CALL_OPEN_SLUG]),
        ],
        "intrapreneur@lehavre.fr": [],
        "coach@anct.gouv.fr": [reverse("programmes:programme_dashboard", args=[INVESTIGATING])],
        "admin@anct.gouv.fr": [
            reverse("programmes:programme_list"),
            reverse("programmes:programme_create"),
            reverse("programmes:programme_update", args=[INVESTIGATING]),
            reverse("programmes:collectivity_list"),
            reverse("programmes:collectivity_create"),
            reverse("programmes:collectivity_detail", args=[le_havre.pk]),
            reverse("intrapreneurs:selection_list", args=[CALL_OPEN_SLUG]),
        ],
    }[email] + account


def _overflows(page, urls) -> list[str]:
    found = []
    for url in urls:
        response = page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            found.append(f"{url}: {overflow}")
    return found


def test_public_pages_reflow_at_320_px(page, demo):
    page.set_viewport_size(NARROW)
    urls = [reverse("landing"), reverse("account_login"), reverse("account_signup")]
    assert _overflows(page, urls) == []


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
def test_every_main_page_of_each_role_reflows_at_320_px(page, demo, login, email):
    login(page, email)
    page.set_viewport_size(NARROW)

    problems = _overflows(page, _pages_of(email) + _more_pages_of(email))

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("email", ["referent@lehavre.fr", "coach@anct.gouv.fr"])
def test_the_header_and_its_menu_fit_a_phone(page, demo, login, email):
    page.set_viewport_size(PHONE)
    login(page, email)

    assert page.evaluate(OVERFLOW) is None
    page.get_by_role("button", name="Menu").click()
    menu = page.locator("#menu-mobile")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Mon compte")).to_be_visible()
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()
    outside = menu.evaluate(
        """menu => [...menu.querySelectorAll("a, button, span")]
          .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
          .map(element => element.outerHTML.slice(0, 160))"""
    )
    assert outside == []
    assert page.evaluate(OVERFLOW) is None
