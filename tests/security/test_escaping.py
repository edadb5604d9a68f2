"""User text is shown escaped, on every page that shows it and in the HTML part of emails
(issue 8, point 3). No field accepts rich text: Django's autoescaping is the whole defence,
so no template may turn it off for user text (the grep at the end)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import Comment
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.usefixtures("media_root")

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def payload(where: str) -> str:
    return f'<script>alert("{where}")</script><img src=x onerror="alert(1)">'


def escaped(where: str) -> str:
    return f"&lt;script&gt;alert(&quot;{where}&quot;)&lt;/script&gt;"


def investigation_titled(title, **kwargs):
    programme = ProgrammeFactory(investigation=True)
    submission = ProblemSubmissionFactory(programme=programme, selected=True, title=title)
    return InvestigationFactory(programme=programme, submission=submission, **kwargs)


def assert_escaped(response, *places):
    for where in places:
        assertNotContains(response, f'<script>alert("{where}")')
        assertContains(response, escaped(where))
    assertNotContains(response, '<img src=x onerror="alert(1)">')


def test_the_selection_list_escapes_titles_and_collectivity_names(client):
    collectivity = CollectivityFactory(name=payload("collectivite"))
    programme = ProgrammeFactory(selection=True, collectivities=[collectivity])
    ProblemSubmissionFactory(programme=programme, submitted=True, title=payload("titre"))
    client.force_login(programme.coach)

    response = client.get(reverse("intrapreneurs:selection_list", args=[programme.slug]))

    assert_escaped(response, "titre", "collectivite")


def test_a_submission_page_escapes_every_text_the_agent_wrote(client):
    submission = ProblemSubmissionFactory(
        submitted=True,
        title=payload("titre"),
        problem=payload("probleme"),
        affected_users=payload("usagers"),
        evidence=payload("preuves"),
    )
    client.force_login(submission.author)

    response = client.get(reverse("intrapreneurs:submission_detail", args=[submission.pk]))

    assert_escaped(response, "titre", "probleme", "usagers", "preuves")


def test_the_investigation_page_escapes_logs_comments_and_hypotheses(client):
    investigation = investigation_titled(payload("titre"))
    WeeklyLogFactory(
        investigation=investigation,
        submitted=True,
        key_learnings=payload("apprentissages"),
        activities=payload("activites"),
    )
    HypothesisFactory(investigation=investigation, statement=payload("hypothese"))
    Comment.objects.create(
        investigation=investigation,
        author=investigation.programme.coach,
        body=payload("commentaire"),
    )
    client.force_login(investigation.programme.coach)

    response = client.get(reverse("investigations:investigation_detail", args=[investigation.pk]))
    log_page = client.get(reverse("investigations:log_form", args=[investigation.pk, 1]))

    assert_escaped(response, "titre", "apprentissages", "hypothese", "commentaire")
    assert_escaped(log_page, "titre", "apprentissages", "activites")


def test_the_coach_dashboard_escapes_titles(client):
    investigation = investigation_titled(payload("titre"))
    client.force_login(investigation.programme.coach)

    response = client.get(reverse("investigations:dashboard"))

    assert_escaped(response, "titre")


def test_a_comment_email_is_escaped_in_html_and_plain_in_text(
    client, django_capture_on_commit_callbacks
):
    investigation = investigation_titled("L'accueil <b>d'urgence</b>", members__size=1)
    client.force_login(investigation.programme.coach)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("investigations:comment_create", args=[investigation.pk]),
            {"body": payload("courriel"), "visibility": "team"},
        )

    (email,) = mail.outbox
    html, _ = email.alternatives[0]
    assert '<script>alert("courriel")' not in html
    assert escaped("courriel") in html
    assert "L&#x27;accueil &lt;b&gt;d&#x27;urgence&lt;/b&gt;" in html
    # The plain text and the subject are not HTML: what was typed, as typed.
    assert payload("courriel") in email.body
    assert email.subject == "Nouveau commentaire sur « L'accueil <b>d'urgence</b> »"


def test_an_invitation_email_escapes_the_collectivity_name(
    client, django_capture_on_commit_callbacks
):
    collectivity = CollectivityFactory(name=payload("collectivite"))
    client.force_login(MembershipFactory(referent=True, collectivity=collectivity).user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programmes:invitation_create", args=[collectivity.pk]),
            {"email": "paul@example.org", "role": "agent"},
        )

    (email,) = mail.outbox
    html, _ = email.alternatives[0]
    assert '<script>alert("collectivite")' not in html
    assert escaped("collectivite") in html


def test_a_user_name_is_escaped_in_the_header(client):
    user = UserFactory(first_name=payload("prenom"), last_name="Martin")
    client.force_login(user)

    response = client.get(reverse("notifications:preferences"))

    assert_escaped(response, "prenom")


# Where a template marks text safe, it is text we wrote, never the user's.
REVIEWED_SAFE = {
    # Form help texts are ours (gettext strings in forms.py), some with a link in them.
    "includes/forms/field.html": 2,
}


def test_no_template_turns_escaping_off_for_user_text():
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        count = len(re.findall(r"\|\s*safe\b|\bsafeseq\b", text))
        assert "{% autoescape off %}" not in text, path
        if count:
            found[str(path.relative_to(TEMPLATES))] = count
    assert found == REVIEWED_SAFE
