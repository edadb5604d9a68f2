"""Uploads, seen as an attacker would try them (issue 8, point 3): the type comes from the
content, the size is capped, the name chosen by the uploader never becomes a path, and a
file comes back only as a download, from a view that checks access, never from a public
URL. The checks themselves are unit-tested in tests/incubateur/test_uploads.py."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur.uploads import MAX_UPLOAD_SIZE
from intrapreneurs.models import SubmissionAttachment
from tests.intrapreneurs.factories import pdf_file
from tests.programmes.factories import MembershipFactory, ProgrammeFactory
from tests.s3_server import is_stored_privately

REFUSED = "Ce type de fichier n’est pas accepté."
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
pytestmark = pytest.mark.usefixtures("media_root")

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def agent(client):
    programme = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    agent.programme = programme
    client.force_login(agent)
    return agent


def upload(client, agent, file):
    return client.post(
        reverse("intrapreneurs:submission_create", args=[agent.programme.slug]),
        {"title": "Avec une pièce jointe", "action": "draft", "attachments": [file]},
    )


def download(client, attachment):
    return client.get(
        reverse(
            "intrapreneurs:attachment_download",
            args=[attachment.submission_id, attachment.pk],
        )
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", EXECUTABLE),
        ("page.pdf", HTML),
        ("image.png", SVG),
        ("page.html", HTML),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
    ],
    ids=["exe-named-pdf", "html-named-pdf", "svg-named-png", "html", "shell-script"],
)
def test_content_that_is_not_an_accepted_type_is_refused_whatever_its_name(
    client, agent, media_root, name, content
):
    response = upload(client, agent, SimpleUploadedFile(name, content))

    assertContains(response, REFUSED)
    assert not SubmissionAttachment.objects.exists()
    assert not list(Path(media_root).rglob("*.*"))


@pytest.mark.parametrize("name", ["ancien.doc", "tableau.xls", "page.html", "setup.exe"])
def test_legacy_office_containers_are_refused_whatever_their_name(client, agent, name):
    # An OLE2 container (legacy .doc, .xls, .ppt: macros) holding anything, named anything.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + HTML

    response = upload(client, agent, SimpleUploadedFile(name, content))

    assertContains(response, "Les anciens formats Office (.doc, .xls, .ppt) ne sont pas acceptés")
    assertContains(response, 'value="Avec une pièce jointe"')  # what was typed is kept
    assert not SubmissionAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "download_name"),
    [
        ("chiffres.csv", "commune;coût\r\nLe Havre;12 €\r\n".encode(), "text/csv", "chiffres.csv"),
        ("notes.txt", "Relevés à la main.\n".encode("cp1252"), "text/plain", "notes.txt"),
        ("notes.html", b"Rien que du texte.\n", "text/plain", "notes.txt"),
    ],
)
def test_csv_and_plain_text_are_accepted_and_served_as_text(
    client, agent, name, content, content_type, download_name
):
    upload(client, agent, SimpleUploadedFile(name, content))

    attachment = SubmissionAttachment.objects.get()
    response = download(client, attachment)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{download_name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    response.close()


def test_files_over_the_size_limit_are_refused(client, agent, media_root):
    big = SimpleUploadedFile("annexes.pdf", pdf_file().read() + b"0" * MAX_UPLOAD_SIZE)

    response = upload(client, agent, big)

    assertContains(response, "dépasse 10 Mo")
    assert not SubmissionAttachment.objects.exists()


def test_a_pdf_named_exe_is_stored_and_served_as_a_pdf(client, agent):
    upload(client, agent, pdf_file("rapport.exe"))

    attachment = SubmissionAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")
    response = download(client, attachment)
    response.close()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'


@pytest.mark.parametrize(
    "name",
    ["../../../incubateur/settings.pdf", "..\\..\\evil.pdf", "/etc/passwd.pdf", "a/../../b.pdf"],
)
def test_the_uploaded_name_never_becomes_the_storage_path(client, agent, media_root, name):
    upload(client, agent, pdf_file(name))

    attachment = SubmissionAttachment.objects.get()
    assert is_stored_privately(attachment.file, media_root)
    # submissions/<submission id>/<32 random hexadecimal characters>.pdf
    folder, submission, filename = attachment.file.name.split("/")
    assert (folder, submission) == ("submissions", str(attachment.submission_id))
    assert len(filename) == len("0" * 32 + ".pdf")
    assert int(filename.removesuffix(".pdf"), 16) >= 0
    assert ".." not in attachment.file.name
    assert "passwd" not in attachment.file.name and "evil" not in attachment.file.name


def test_two_uploads_of_one_name_get_two_different_random_names(client, agent):
    upload(client, agent, pdf_file("compte-rendu.pdf"))
    upload(client, agent, pdf_file("compte-rendu.pdf"))

    first, second = SubmissionAttachment.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert "compte-rendu" not in first.file.name + second.file.name


def test_a_download_is_an_attachment_the_browser_must_not_sniff_or_cache(client, agent):
    upload(client, agent, pdf_file("compte-rendu.pdf"))
    attachment = SubmissionAttachment.objects.get()

    response = download(client, attachment)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_stored_files_have_no_public_url(client, agent, settings):
    upload(client, agent, pdf_file())
    attachment = SubmissionAttachment.objects.get()

    # No URL serves MEDIA_ROOT (see also tests/incubateur/test_settings.py).
    assert settings.MEDIA_URL in ("", "/")
    for prefix in ["/media/", "/private-media/", "/static/", "/"]:
        assert client.get(prefix + attachment.file.name).status_code == 404, prefix
