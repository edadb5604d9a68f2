import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from investigations.models import LogAttachment, WeeklyLog
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    docx_file,
    executable_file,
    html_file,
    legacy_office_file,
    oversized_pdf_file,
    pdf_file,
    png_file,
)
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.investigations.test_logs_form import new_log_data, referent_of
from tests.programmes.factories import MembershipFactory
from tests.s3_server import is_stored_privately

pytestmark = pytest.mark.usefixtures("media_root")


def log_url(investigation, week):
    return reverse("investigations:log_form", args=[investigation.pk, week])


def download_url(attachment):
    log = attachment.log
    return reverse(
        "investigations:log_attachment_download",
        args=[log.investigation_id, log.pk, attachment.pk],
    )


@pytest.fixture
def attachment(client, investigation, member, week):
    client.force_login(member)
    client.post(log_url(investigation, week), new_log_data(attachments=[pdf_file()]))
    client.logout()
    return LogAttachment.objects.get()


# Uploading


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (pdf_file, "application/pdf"),
        (png_file, "image/png"),
        (docx_file, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
    ids=["pdf", "png", "docx"],
)
def test_pdfs_images_and_office_documents_are_attached(
    client, investigation, member, week, media_root, upload, content_type
):
    client.force_login(member)
    file = upload()

    client.post(log_url(investigation, week), new_log_data(attachments=[file]))

    attachment = LogAttachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (file.name, content_type)
    assert (attachment.size, attachment.uploaded_by) == (file.size, member)
    # Stored privately, under a random name.
    assert is_stored_privately(attachment.file, media_root)
    assert file.name not in attachment.file.name


def test_several_files_are_attached_at_once(client, investigation, member, week):
    client.force_login(member)

    client.post(log_url(investigation, week), new_log_data(attachments=[pdf_file(), png_file()]))

    assert sorted(LogAttachment.objects.values_list("original_name", flat=True)) == [
        "capture.png",
        "compte-rendu.pdf",
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (executable_file, "Ce type de fichier n’est pas accepté."),
        (html_file, "Ce type de fichier n’est pas accepté."),
        (legacy_office_file, "Les anciens formats Office (.doc, .xls, .ppt) ne sont pas acceptés"),
        (oversized_pdf_file, "Le fichier « annexes.pdf » dépasse 10 Mo."),
    ],
    ids=["executable-named-pdf", "html-named-pdf", "legacy-office", "over-10-mb"],
)
def test_refused_files_are_reported_at_the_field_and_nothing_is_saved(
    client, investigation, member, week, upload, message
):
    client.force_login(member)

    response = client.post(log_url(investigation, week), new_log_data(attachments=[upload()]))

    assert response.status_code == 200
    assert message in response.context["form"].errors["attachments"][0]
    assertContains(response, 'id="id_attachments_error"')
    assertContains(response, "sélectionnez-les de nouveau")
    assert not WeeklyLog.objects.exists()
    assert not LogAttachment.objects.exists()


def test_the_log_page_links_its_attachments(client, investigation, week, attachment):
    client.force_login(investigation.programme.coach)

    response = client.get(log_url(investigation, week))

    assertContains(response, download_url(attachment))
    assertContains(response, "compte-rendu.pdf")


# Downloading


READERS = {
    "team-member": lambda investigation: investigation.team.first(),
    "coach": lambda investigation: investigation.programme.coach,
    "designer": lambda investigation: investigation.programme.designer,
    "referent": lambda investigation: referent_of(investigation.programme),
    "admin": lambda investigation: UserFactory(admin=True),
}


@pytest.mark.parametrize("reader", READERS)
def test_those_who_see_the_investigation_download_with_the_stored_type(
    client, investigation, attachment, reader
):
    client.force_login(READERS[reader](investigation))

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "outsider",
    [
        lambda investigation: InvestigationFactory(programme=investigation.programme).team.first(),
        lambda investigation: MembershipFactory(referent=True).user,
        lambda investigation: (
            MembershipFactory(collectivity=investigation.programme.collectivities.get()).user
        ),
    ],
    ids=["other-team", "referent-of-another-collectivity", "agent-outside-the-team"],
)
def test_others_get_404(client, investigation, attachment, outsider):
    client.force_login(outsider(investigation))

    response = client.get(download_url(attachment))

    assert response.status_code == 404


def test_an_attachment_is_only_found_through_its_own_log_and_investigation(
    client, investigation, member, attachment
):
    other = InvestigationFactory(members=[member])  # in another programme
    other_log = WeeklyLogFactory(investigation=other, week=1)
    client.force_login(member)

    wrong_log = reverse(
        "investigations:log_attachment_download",
        args=[investigation.pk, other_log.pk, attachment.pk],
    )
    wrong_investigation = reverse(
        "investigations:log_attachment_download",
        args=[other.pk, attachment.log_id, attachment.pk],
    )

    assert client.get(wrong_log).status_code == 404
    assert client.get(wrong_investigation).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, attachment):
    url = download_url(attachment)

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")
