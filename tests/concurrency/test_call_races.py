"""Double clicks and second tabs on the call's forms, sent in parallel through a live
server: one problem and one receipt email per form sent; one candidacy per agent, the
second tab being told, never a 500."""

import os

import pytest
from django.core import mail
from django.urls import reverse

from incubateur.formtokens.services import new_form_token
from intrapreneurs.models import Candidacy, ProblemSubmission
from tests.concurrency.parallel import DEFAULT_TRIALS, Browser, together
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = int(os.environ.get("RACE_TRIALS", DEFAULT_TRIALS))


@pytest.fixture
def programme():
    return ProgrammeFactory(call_open=True)


def new_agent(programme):
    return MembershipFactory(collectivity=programme.collectivities.get()).user


def test_a_problem_submitted_by_a_double_click_is_created_once(live_server, programme):
    url = live_server.url + reverse("intrapreneurs:submission_create", args=[programme.slug])
    for _trial in range(TRIALS):
        agent = new_agent(programme)
        browser = Browser(agent)
        mail.outbox.clear()
        data = {
            "title": "Rendez-vous manqués",
            "problem": "Un rendez-vous sur quatre est manqué.",
            "affected_users": "Les usagers du CCAS.",
            "service": "CCAS",
            "action": "submit",
            "form_token": new_form_token(),
        }

        results = together((browser.post, url, data), (browser.post, url, data))

        assert [status for status, _body in results] == [302, 302]
        assert ProblemSubmission.objects.filter(author=agent).count() == 1
        assert [message.to for message in mail.outbox] == [[agent.email]]


CONFLICTS = [
    # Both tabs saved the first candidacy at the same instant.
    "Vous vous êtes déjà porté volontaire pour ce programme",
    # The second tab found it already saved, over the version it had not seen.
    "Ce contenu a été modifié par quelqu’un d’autre",
]


def candidacy(motivation):
    """A candidacy form as one tab sends it (each tab has its own form token)."""
    return {
        "motivation": motivation,
        "manager_name": "Anne Chef",
        "manager_email": "anne.chef@lehavre.fr",
        "form_token": new_form_token(),
    }


def test_two_tabs_volunteering_at_once_make_one_candidacy(live_server, programme):
    url = live_server.url + reverse("intrapreneurs:candidacy_form", args=[programme.slug])
    for _trial in range(TRIALS):
        agent = new_agent(programme)
        browser = Browser(agent)

        results = together(
            (browser.post, url, candidacy("Premier onglet.")),
            (browser.post, url, candidacy("Second onglet.")),
        )

        statuses = sorted(status for status, _body in results)
        assert Candidacy.objects.filter(agent=agent).count() == 1
        # Both saved one after the other, or the second tab is told, its text kept.
        assert statuses in ([302, 302], [200, 302]), statuses
        for status, body in results:
            if status == 200:
                assert any(conflict in body for conflict in CONFLICTS), body
                assert "onglet." in body
