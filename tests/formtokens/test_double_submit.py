"""A form posted twice with its token (a double click, a reload of the POST) is saved
once and sends one email; the second post says so. A form refused for an error keeps
its token free; a form without a token is processed as before."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur.formtokens.models import UsedFormToken
from incubateur.formtokens.services import new_form_token
from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations.models import Comment, Hypothesis
from programmes.models import Invitation
from reports.models import Report
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

ALREADY_SENT = "Ce formulaire a déjà été envoyé (double clic ?)"


def post_twice(client, url, data, capture):
    data = {**data, "form_token": new_form_token()}
    with capture(execute=True):
        first = client.post(url, data)
    with capture(execute=True):
        second = client.post(url, data)
    return first, second


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def call():
    programme = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    return programme, agent


def test_a_problem_submitted_twice_is_created_once_with_one_receipt(
    client, call, mailoutbox, django_capture_on_commit_callbacks
):
    programme, agent = call
    client.force_login(agent)
    data = {
        "title": "Rendez-vous manqués",
        "problem": "Un rendez-vous sur quatre est manqué.",
        "affected_users": "Les usagers du CCAS.",
        "service": "CCAS",
        "action": "submit",
    }

    first, second = post_twice(
        client,
        reverse("intrapreneurs:submission_create", args=[programme.slug]),
        data,
        django_capture_on_commit_callbacks,
    )

    assert first.status_code == second.status_code == 302
    assert ProblemSubmission.objects.count() == 1
    assert len(mailoutbox) == 1
    assert any(ALREADY_SENT in message for message in said(second))


def test_a_candidacy_sent_twice_is_saved_once(client, call, django_capture_on_commit_callbacks):
    programme, agent = call
    client.force_login(agent)
    data = {
        "motivation": "J’aime enquêter.",
        "manager_name": "Anne Chef",
        "manager_email": "anne.chef@lehavre.fr",
        "manager_agrees": "on",
    }

    first, second = post_twice(
        client,
        reverse("intrapreneurs:candidacy_form", args=[programme.slug]),
        data,
        django_capture_on_commit_callbacks,
    )

    assert first.status_code == second.status_code == 302
    assert Candidacy.objects.count() == 1
    assert any(ALREADY_SENT in message for message in said(second))


def test_an_invitation_sent_twice_goes_once(client, mailoutbox, django_capture_on_commit_callbacks):
    referent = MembershipFactory(referent=True)
    client.force_login(referent.user)

    first, second = post_twice(
        client,
        reverse("programmes:invitation_create", args=[referent.collectivity.pk]),
        {"email": "paul@lehavre.fr", "role": "agent"},
        django_capture_on_commit_callbacks,
    )

    assert first.status_code == second.status_code == 302
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_a_comment_posted_twice_is_published_once_with_one_email(
    client, mailoutbox, django_capture_on_commit_callbacks, htmx
):
    investigation = InvestigationFactory()
    client.force_login(investigation.programme.coach)
    if htmx:
        client.defaults["HTTP_HX_REQUEST"] = "true"

    first, second = post_twice(
        client,
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Très bon entretien.", "visibility": "team"},
        django_capture_on_commit_callbacks,
    )

    assert Comment.objects.count() == 1
    assert len(mailoutbox) == 2  # one per intrapreneur, once
    if htmx:
        assert second.status_code == 200
        assert ALREADY_SENT in second.content.decode()
    else:
        assert second.status_code == 302


def test_a_hypothesis_added_twice_is_added_once(client, django_capture_on_commit_callbacks):
    investigation = InvestigationFactory()
    client.force_login(investigation.team.first())

    first, second = post_twice(
        client,
        reverse("investigations:hypothesis_board", args=[investigation.pk]),
        {"statement": "Les usagers oublient leur rendez-vous.", "evidence": ""},
        django_capture_on_commit_callbacks,
    )

    assert first.status_code == second.status_code == 302
    assert Hypothesis.objects.count() == 1


def test_a_report_requested_twice_is_generated_once(client, django_capture_on_commit_callbacks):
    investigation = InvestigationFactory()
    client.force_login(investigation.programme.coach)

    for url in (
        reverse("programmes:report_request", args=[investigation.programme.slug]),
        reverse("programmes:sheet_request", args=[investigation.pk]),
    ):
        first, second = post_twice(client, url, {}, django_capture_on_commit_callbacks)
        assert first.status_code == second.status_code == 302

    assert Report.objects.count() == 2


def test_a_form_refused_for_an_error_can_be_sent_again_with_its_token(client):
    investigation = InvestigationFactory()
    client.force_login(investigation.team.first())
    url = reverse("investigations:hypothesis_board", args=[investigation.pk])
    token = new_form_token()

    refused = client.post(url, {"statement": "", "form_token": token})
    saved = client.post(url, {"statement": "Une hypothèse.", "form_token": token})

    assert refused.status_code == 200
    assert saved.status_code == 302
    assert Hypothesis.objects.count() == 1
    assert UsedFormToken.objects.filter(token=token).exists()


def test_without_a_token_each_post_counts(client):
    investigation = InvestigationFactory()
    client.force_login(investigation.team.first())
    url = reverse("investigations:hypothesis_board", args=[investigation.pk])

    client.post(url, {"statement": "Une hypothèse."})
    client.post(url, {"statement": "Une hypothèse.", "form_token": "not-a-token\x00"})

    assert Hypothesis.objects.count() == 2


def test_forms_that_create_carry_a_new_token_each_time(client, call):
    programme, agent = call
    client.force_login(agent)
    url = reverse("intrapreneurs:submission_create", args=[programme.slug])

    tokens = [
        re.search(r'name="form_token" value="([0-9a-f]{32})"', client.get(url).content.decode())[1]
        for _ in range(2)
    ]

    assert tokens[0] != tokens[1]


def test_every_page_loads_the_script_that_disables_buttons_while_posting(client, call):
    programme, agent = call
    client.force_login(agent)

    page = client.get(reverse("intrapreneurs:submission_create", args=[programme.slug]))

    assertContains(page, 'src="/static/js/submit-once.js"')


def test_the_htmx_comment_form_disables_its_button_while_posting(client):
    investigation = InvestigationFactory()
    client.force_login(investigation.programme.coach)

    page = client.get(reverse("investigations:investigation_detail", args=[investigation.pk]))

    assertContains(page, 'hx-disabled-elt="find button[type=submit]"')
