import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from incubateur.uploads import MAX_UPLOAD_SIZE
from intrapreneurs.models import ProblemSubmission, SubmissionAttachment
from intrapreneurs.services import attachment_add
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    ProblemSubmissionFactory,
    docx_file,
    executable_file,
    html_file,
    oversized_pdf_file,
    pdf_file,
    png_file,
)
from tests.programmes.factories import MembershipFactory
from tests.s3_server import is_stored_privately

pytestmark = pytest.mark.usefixtures("media_root")


def create_url(programme):
    return reverse("intrapreneurs:submission_create", args=[programme.slug])


def download_url(attachment):
    return reverse(
        "intrapreneurs:attachment_download", args=[attachment.submission_id, attachment.pk]
    )


def attach(submission, upload):
    return attachment_add(submission=submission, upload=upload, by=submission.author)


# Uploading


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (pdf_file, "application/pdf"),
        (png_file, "image/png"),
        (
            docx_file,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
    ids=["pdf", "png", "docx"],
)
def test_office_documents_images_and_pdfs_are_accepted(
    client, programme, agent, media_root, upload, content_type
):
    client.force_login(agent)
    file = upload()

    client.post(create_url(programme), {"title": "Avec pièce jointe", "attachments": [file]})

    attachment = SubmissionAttachment.objects.get()
    assert attachment.original_name == file.name
    assert attachment.content_type == content_type
    assert attachment.size == file.size
    assert attachment.uploaded_by == agent
    # Stored privately, under a random name.
    assert is_stored_privately(attachment.file, media_root)
    assert file.name not in attachment.file.name


def test_several_files_are_uploaded_at_once(client, programme, agent):
    client.force_login(agent)

    client.post(
        create_url(programme),
        {"title": "Plusieurs fichiers", "attachments": [pdf_file(), png_file()]},
    )

    names = set(SubmissionAttachment.objects.values_list("original_name", flat=True))
    assert names == {"compte-rendu.pdf", "capture.png"}


def test_attachments_are_added_when_editing(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent)
    attach(submission, pdf_file())
    client.force_login(agent)

    client.post(
        reverse("intrapreneurs:submission_update", args=[submission.pk]),
        {"title": submission.title, "version": 1, "action": "draft", "attachments": [png_file()]},
    )

    assert submission.attachments.count() == 2


@pytest.mark.parametrize("upload", [executable_file, html_file], ids=["executable", "html"])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(
    client, programme, agent, upload
):
    client.force_login(agent)

    response = client.post(
        create_url(programme),
        {
            "title": "Un titre tapé",
            "problem": "Un texte tapé",
            "action": "draft",
            "attachments": [upload()],
        },
    )

    assertContains(response, "Ce type de fichier n’est pas accepté.")
    assertContains(response, '<div class="fr-upload-group fr-upload-group--error fr-mb-3w">')
    assertContains(response, 'href="#id_attachments"')
    assertContains(response, "sélectionnez-les de nouveau")
    # The rest of what was typed is kept.
    assertContains(response, 'value="Un titre tapé"')
    assertContains(response, "Un texte tapé</textarea>")
    assert not ProblemSubmission.objects.exists()
    assert not SubmissionAttachment.objects.exists()


def test_a_file_over_10_mb_is_refused(client, programme, agent):
    client.force_login(agent)
    upload = oversized_pdf_file()
    assert upload.size > MAX_UPLOAD_SIZE

    response = client.post(create_url(programme), {"title": "Trop lourd", "attachments": [upload]})

    assertContains(response, "Le fichier « annexes.pdf » dépasse 10 Mo.")
    assertContains(response, 'value="Trop lourd"')
    assert not ProblemSubmission.objects.exists()


def test_one_bad_file_refuses_the_whole_save(client, programme, agent):
    submission = ProblemSubmissionFactory(programme=programme, author=agent)
    client.force_login(agent)

    client.post(
        reverse("intrapreneurs:submission_update", args=[submission.pk]),
        {
            "title": "Nouveau titre",
            "version": 1,
            "action": "draft",
            "attachments": [pdf_file(), html_file()],
        },
    )

    submission.refresh_from_db()
    assert submission.title != "Nouveau titre"
    assert not submission.attachments.exists()


# Downloading


@pytest.fixture
def submission(programme, agent):
    return ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)


def test_the_detail_page_links_each_attachment(client, submission):
    attachment = attach(submission, pdf_file("Étude 2025.pdf"))
    client.force_login(submission.author)

    response = client.get(reverse("intrapreneurs:submission_detail", args=[submission.pk]))

    assertContains(response, download_url(attachment))
    assertContains(response, "Étude 2025.pdf")
    assertContains(response, "PDF –")


@pytest.mark.parametrize("reader", ["author", "referent", "coach", "designer", "admin"])
def test_people_who_may_see_the_submission_download_its_files(
    client, programme, submission, reader
):
    attachment = attach(submission, png_file("Capture d’écran.png"))
    user = {
        "author": submission.author,
        "referent": MembershipFactory(collectivity=submission.collectivity, referent=True).user,
        "coach": programme.coach,
        "designer": programme.designer,
        "admin": UserFactory(admin=True),
    }[reader]
    client.force_login(user)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Capture%20d%E2%80%99%C3%A9cran.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == png_file().read()


def test_another_agent_of_the_same_collectivity_gets_404(client, submission):
    attachment = attach(submission, pdf_file())
    client.force_login(MembershipFactory(collectivity=submission.collectivity).user)

    assert client.get(download_url(attachment)).status_code == 404


def test_agent_of_another_collectivity_gets_404(client, submission):
    attachment = attach(submission, pdf_file())
    client.force_login(MembershipFactory().user)

    assert client.get(download_url(attachment)).status_code == 404


def test_the_committee_gets_404_on_the_files_of_a_draft(client, programme, agent):
    draft = ProblemSubmissionFactory(programme=programme, author=agent)
    attachment = attach(draft, pdf_file())
    client.force_login(programme.coach)

    assert client.get(download_url(attachment)).status_code == 404


def test_a_file_is_served_only_under_its_own_submission(client, programme, agent, submission):
    other = ProblemSubmissionFactory(programme=programme, submitted=True)
    attachment = attach(other, pdf_file())
    client.force_login(agent)

    url = reverse("intrapreneurs:attachment_download", args=[submission.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, submission):
    attachment = attach(submission, pdf_file())

    response = client.get(download_url(attachment))

    assertRedirects(
        response,
        f"{reverse('account_login')}?next={download_url(attachment)}",
        fetch_redirect_response=False,
    )


@pytest.mark.parametrize("prefix", ["/", "/media/", "/static/"])
def test_uploads_are_not_reachable_through_a_public_url(client, submission, prefix):
    attachment = attach(submission, pdf_file())
    client.force_login(submission.author)

    assert client.get(f"{prefix}{attachment.file.name}").status_code == 404
