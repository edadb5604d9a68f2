"""Every action button shows its words: the DSFR squeezes an icon button in a button group
without an `fr-btns-group--icon-*` modifier to a bare square (issue 15, point 4)."""

import pytest
from playwright.sync_api import expect

from investigations.models import WeeklyLog
from tests.e2e.test_accessibility import PROBLEM, _pages_of

# Buttons whose text is cut off, or that are narrower than a word next to an icon.
SQUEEZED = """() => [...document.querySelectorAll("main .fr-btn")]
  .filter(button => button.offsetParent !== null && button.textContent.trim())
  .filter(button => button.scrollWidth > button.clientWidth + 1
    || button.getBoundingClientRect().width < 56)
  .map(button => `${button.textContent.trim()} (${button.getBoundingClientRect().width}px)`)"""


@pytest.mark.parametrize("email", ["coach@anct.gouv.fr", "admin@anct.gouv.fr"])
def test_action_buttons_show_their_text(page, demo, login, email):
    login(page, email)
    squeezed = []
    for url in _pages_of(email):
        page.goto(url)
        squeezed += [f"{url}: {button}" for button in page.evaluate(SQUEEZED)]
    assert squeezed == [], "\n".join(squeezed)


def test_coach_follow_up_buttons_read_as_text(page, demo, login):
    # Week 2's help request, handled in the demo, still waits: both actions show.
    WeeklyLog.objects.filter(investigation__submission__title=PROBLEM, week=2).update(
        help_handled_at=None
    )
    login(page, "coach@anct.gouv.fr")
    page.goto(_pages_of("coach@anct.gouv.fr")[1])

    for name in ["Marquer l’aide comme traitée", "Rouvrir le journal"]:
        button = page.get_by_role("button", name=name).first
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["width"] > 120, (name, box)
        assert button.evaluate("button => button.scrollWidth <= button.clientWidth + 1")
