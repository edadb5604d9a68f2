"""Uploads and reports on either storage (the `storage` fixture runs each test on the local
disk and on a local S3 server): stored on upload, written by a real worker process, served
back only through the access-checked views, deleted with their row."""

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from incubateur.privacy.services import user_anonymise
from investigations.models import LogAttachment
from reports.models import Report
from tests.celery_worker import run_worker
from tests.intrapreneurs.factories import pdf_file
from tests.investigations.test_logs_attachments import download_url, log_url
from tests.investigations.test_logs_form import new_log_data
from tests.reports.conftest import build_programme
from tests.s3_server import client as s3_client
from tests.s3_server import object_names

pytestmark = pytest.mark.usefixtures("storage")


def stored(name: str, storage: dict) -> bool:
    """Whether the file is there, asked of the bucket itself on S3 (not through Django)."""
    if storage["STORAGE_BACKEND"] == "s3":
        return name in object_names(storage)
    return default_storage.exists(name)


def upload(client_, investigation, member, week) -> LogAttachment:
    client_.force_login(member)
    client_.post(log_url(investigation, week), new_log_data(attachments=[pdf_file()]))
    return LogAttachment.objects.get()


def test_an_upload_is_stored_and_served_only_through_the_view(
    client, storage, investigation, member, week
):
    attachment = upload(client, investigation, member, week)

    assert stored(attachment.file.name, storage)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_file().read()

    client.force_login(
        build_programme(investigations=1).investigations.get().team.first()
    )  # someone of another programme
    assert client.get(download_url(attachment)).status_code == 404


@pytest.mark.parametrize("storage", ["s3"], indirect=True)
def test_the_bucket_keeps_objects_private(client, storage, investigation, member, week):
    attachment = upload(client, investigation, member, week)

    acl = s3_client(storage).get_object_acl(Bucket=storage["S3_BUCKET"], Key=attachment.file.name)

    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, not AllUsers


@pytest.mark.django_db(transaction=True)
def test_a_report_written_by_a_worker_process_is_downloaded_by_a_web_request(
    client, storage, tmp_path
):
    programme = build_programme(investigations=1)
    report = Report.objects.create(
        programme=programme, kind=Report.Kind.PROGRAMME, requested_by=programme.coach
    )

    with run_worker(tmp_path) as worker:
        worker.send("programmes.tasks.generate_report", report.pk)
        worker.wait_until_idle()

    report.refresh_from_db()
    assert report.status == Report.Status.READY, worker.output
    assert stored(report.file.name, storage)
    client.force_login(programme.coach)
    response = client.get(reverse("programmes:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_deleted_row_takes_its_file_once_committed(
    client, storage, investigation, member, week, django_capture_on_commit_callbacks
):
    attachment = upload(client, investigation, member, week)
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        LogAttachment.objects.get().delete()
        transaction.set_rollback(True)  # undone: the file stays
    assert stored(name, storage)

    with django_capture_on_commit_callbacks(execute=True):
        investigation.logs.all().delete()  # the attachment goes with its log

    assert not LogAttachment.objects.exists()
    assert not stored(name, storage)


def test_anonymisation_keeps_the_files_a_person_attached(
    client, storage, investigation, member, week, django_capture_on_commit_callbacks
):
    attachment = upload(client, investigation, member, week)

    with django_capture_on_commit_callbacks(execute=True):
        user_anonymise(member, reason="test")

    # What they wrote stays with the investigation (DESIGN: anonymisation erases identity).
    assert stored(attachment.file.name, storage)
    client.force_login(investigation.programme.coach)
    response = client.get(download_url(attachment))
    assert b"".join(response.streaming_content) == pdf_file().read()
