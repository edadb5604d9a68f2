"""Before the call closes, an author withdraws a submitted problem, deletes a draft, and
deletes an attachment; afterwards, none of it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission, SubmissionAttachment
from intrapreneurs.services import attachment_add
from tests.intrapreneurs.factories import ProblemSubmissionFactory, pdf_file
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

Status = ProblemSubmission.Status


@pytest.fixture(autouse=True)
def _media(media_root):
    """Attachments land in a temporary folder."""


def detail_url(submission):
    return reverse("intrapreneurs:submission_detail", args=[submission.pk])


def test_the_author_withdraws_a_submitted_problem_which_becomes_a_draft(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(agent)
    page = client.get(detail_url(submission))

    response = client.post(
        reverse("intrapreneurs:submission_withdraw", args=[submission.pk]), follow=True
    )

    assertContains(page, "Retirer de l’appel")
    assertRedirects(response, detail_url(submission))
    assertContains(response, "Votre problème est retiré de l’appel")
    submission.refresh_from_db()
    assert (submission.status, submission.submitted_at) == (Status.DRAFT, None)
    assert not ProblemSubmission.objects.visible_to(programme.coach).filter(pk=submission.pk)


def test_the_author_deletes_a_draft_and_its_files_once_confirmed(
    client, programme, agent, django_capture_on_commit_callbacks
):
    draft = ProblemSubmissionFactory(programme=programme, author=agent, title="À jeter")
    attachment = attachment_add(submission=draft, upload=pdf_file(), by=agent)
    storage, name = attachment.file.storage, attachment.file.name
    client.force_login(agent)
    url = reverse("intrapreneurs:submission_delete", args=[draft.pk])

    unconfirmed = client.post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1"}, follow=True)

    assertContains(unconfirmed, "Cochez la case de confirmation")
    assertRedirects(response, reverse("intrapreneurs:call_detail", args=[programme.slug]))
    assertContains(response, "Le brouillon « À jeter » est supprimé.")
    assert not ProblemSubmission.objects.filter(pk=draft.pk).exists()
    assert not storage.exists(name)


def test_a_submitted_problem_is_not_deleted_before_being_withdrawn(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(agent)

    response = client.post(
        reverse("intrapreneurs:submission_delete", args=[submission.pk]),
        {"confirm": "1"},
        follow=True,
    )

    assertContains(response, "Seul un brouillon peut être supprimé")
    assert ProblemSubmission.objects.filter(pk=submission.pk).exists()


def test_the_author_deletes_an_attachment(
    client, programme, agent, django_capture_on_commit_callbacks
):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    attachment = attachment_add(submission=submission, upload=pdf_file("devis.pdf"), by=agent)
    url = reverse("intrapreneurs:attachment_delete", args=[submission.pk, attachment.pk])
    client.force_login(agent)
    page = client.get(detail_url(submission))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assertContains(page, url)
    assertContains(response, "La pièce jointe « devis.pdf » est supprimée.")
    assert not SubmissionAttachment.objects.exists()


def test_once_the_call_is_closed_nothing_is_withdrawn_or_deleted(client, programme, agent):
    closed = ProgrammeFactory(selection=True, collectivities=programme.collectivities.all())
    submission = ProblemSubmissionFactory(programme=closed, author=agent, submitted=True)
    draft = ProblemSubmissionFactory(programme=closed, author=agent)
    attachment = attachment_add(submission=submission, upload=pdf_file(), by=agent)
    client.force_login(agent)

    page = client.get(detail_url(submission))
    withdraw = client.post(
        reverse("intrapreneurs:submission_withdraw", args=[submission.pk]), follow=True
    )
    client.post(reverse("intrapreneurs:submission_delete", args=[draft.pk]), {"confirm": "1"})
    client.post(reverse("intrapreneurs:attachment_delete", args=[submission.pk, attachment.pk]))

    assertNotContains(page, "Retirer de l’appel")
    assertContains(withdraw, "L’appel à problèmes de ce programme est clos")
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert ProblemSubmission.objects.filter(pk=draft.pk).exists()
    assert SubmissionAttachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize("name", ["submission_withdraw", "submission_delete"])
def test_another_agent_gets_404(client, programme, agent, name):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(MembershipFactory(collectivity=submission.collectivity).user)

    response = client.post(reverse(f"intrapreneurs:{name}", args=[submission.pk]), {"confirm": "1"})

    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
