"""A submitter learns the committee's decisions only when the selection is finalised:
before that, everything they read says « Déposé » or « En cours d’examen »."""

import json

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.notifications.models import Notification
from incubateur.notifications.services import notify
from intrapreneurs.models import ProblemSubmission
from programmes.models import Programme
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import ProgrammeFactory

Shown = ProblemSubmission.AuthorStatus
PROVISIONAL = ["shortlisted", "selected", "declined"]


@pytest.mark.parametrize(
    ("programme_status", "trait", "shown"),
    [
        ("call_open", "draft", Shown.DRAFT),
        ("call_open", "submitted", Shown.SUBMITTED),
        ("selection", "submitted", Shown.UNDER_REVIEW),
        ("selection", "shortlisted", Shown.UNDER_REVIEW),
        ("selection", "selected", Shown.UNDER_REVIEW),
        ("selection", "declined", Shown.UNDER_REVIEW),
        ("investigation", "selected", Shown.SELECTED),
        ("investigation", "declined", Shown.DECLINED),
        ("closed", "declined", Shown.DECLINED),
    ],
)
def test_the_author_status_hides_decisions_until_the_finalisation(programme_status, trait, shown):
    programme = ProgrammeFactory(**{programme_status: True})
    submission = ProblemSubmissionFactory(
        programme=programme, decline_message="Hors champ.", **{trait: True}
    )

    assert submission.author_status == shown
    announced = shown == Shown.DECLINED
    assert submission.author_decline_message == ("Hors champ." if announced else "")


@pytest.fixture
def in_selection():
    return ProgrammeFactory(selection=True)


def provisional(programme, trait):
    return ProblemSubmissionFactory(
        programme=programme,
        title="Mon problème",
        decline_message="Le comité le juge hors champ.",
        **{trait: True},
    )


@pytest.mark.parametrize("trait", PROVISIONAL)
def test_the_call_page_shows_the_author_only_under_review(client, in_selection, trait):
    submission = provisional(in_selection, trait)
    client.force_login(submission.author)

    response = client.get(reverse("intrapreneurs:call_detail", args=[in_selection.slug]))

    assertContains(response, "En cours d’examen</p>")
    for label in ["Présélectionné", "Retenu", "Non retenu"]:
        assertNotContains(response, label)


@pytest.mark.parametrize("trait", PROVISIONAL)
def test_the_problem_page_shows_the_author_neither_decision_nor_message(
    client, in_selection, trait
):
    submission = provisional(in_selection, trait)
    client.force_login(submission.author)

    response = client.get(reverse("intrapreneurs:submission_detail", args=[submission.pk]))

    assertContains(response, "En cours d’examen</p>")
    for text in ["Présélectionné", "Retenu", "Non retenu", "Le comité le juge hors champ."]:
        assertNotContains(response, text)


def test_the_committee_still_sees_the_provisional_decision(client, in_selection):
    submission = provisional(in_selection, "declined")
    client.force_login(in_selection.coach)

    response = client.get(reverse("intrapreneurs:submission_detail", args=[submission.pk]))

    assertContains(response, "Non retenu</p>")


def test_after_the_finalisation_the_author_reads_the_decision_and_message(client):
    programme = ProgrammeFactory(investigation=True)
    submission = provisional(programme, "declined")
    client.force_login(submission.author)

    detail = client.get(reverse("intrapreneurs:submission_detail", args=[submission.pk]))
    call = client.get(reverse("intrapreneurs:call_detail", args=[programme.slug]))

    assertContains(detail, "Non retenu</p>")
    assertContains(detail, "Le comité le juge hors champ.")
    assertContains(call, "Non retenu</p>")


def test_the_personal_data_export_holds_no_provisional_decision(client, in_selection):
    submission = provisional(in_selection, "declined")
    client.force_login(submission.author)

    data = json.loads(client.get(reverse("privacy:download")).content)

    assert [(s["status"], s["decline_message"]) for s in data["submissions"]] == [
        ("En cours d’examen", "")
    ]


def test_a_decision_email_is_not_sent_before_the_finalisation(
    in_selection, django_capture_on_commit_callbacks, mailoutbox
):
    submission = provisional(in_selection, "declined")

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            kind="submission_decision", obj=submission, recipient=submission.author
        )

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SKIPPED
    assert mailoutbox == []


def test_a_decision_email_carries_the_message_once_finalised(
    django_capture_on_commit_callbacks, mailoutbox
):
    submission = provisional(ProgrammeFactory(selection=True), "declined")
    Programme.objects.filter(pk=submission.programme_id).update(status="investigation")
    submission.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="submission_decision", obj=submission, recipient=submission.author)

    assert len(mailoutbox) == 1
    assert "Le comité le juge hors champ." in mailoutbox[0].body
