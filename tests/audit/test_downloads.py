"""Downloads of reports, CSV exports and attachments are recorded; refused ones are not."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from incubateur.audit.models import AuditEvent
from intrapreneurs.services import attachment_add
from investigations.models import LogAttachment
from reports.models import Report
from tests.audit.events import one_event, recorded
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory, pdf_file
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import MembershipFactory

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def investigation():
    return InvestigationFactory()


@pytest.fixture
def programme(investigation):
    return investigation.programme


def read(response) -> bytes:
    return b"".join(response.streaming_content)


class TestReports:
    @pytest.fixture
    def report(self, programme):
        return Report.objects.create(
            programme=programme,
            kind="programme",
            status="ready",
            file=ContentFile(b"%PDF-1.7 rapport", name="rapport.pdf"),
        )

    def url(self, report):
        return reverse("programmes:report_download", args=[report.pk])

    def test_a_report_downloaded_is_recorded(self, client, programme, report):
        client.force_login(programme.designer)

        response = client.get(self.url(report))

        assert read(response).startswith(b"%PDF")
        event = one_event()
        assert recorded(event) == (programme.designer, "report.downloaded", report, programme)
        assert event.target_label == f"Rapport n° {report.pk} — Programme « {programme.name} »"

    def test_an_agent_asking_for_a_report_leaves_no_event(self, client, programme, report):
        client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

        assert client.get(self.url(report)).status_code == 404
        assert not AuditEvent.objects.exists()

    def test_a_report_not_ready_leaves_no_event(self, client, programme):
        report = Report.objects.create(programme=programme, kind="programme")
        client.force_login(programme.coach)

        assert client.get(self.url(report)).status_code == 404
        assert not AuditEvent.objects.exists()


class TestExports:
    def test_a_programme_export_is_recorded_with_its_kind(self, client, programme):
        client.force_login(programme.coach)

        response = client.get(reverse("programmes:programme_export", args=[programme.slug, "logs"]))
        read(response)

        event = one_event()
        assert recorded(event) == (programme.coach, "export.downloaded", programme, programme)
        assert event.changes == {"kind": "logs"}

    def test_the_export_of_all_programmes_is_recorded_without_a_target(self, client):
        admin = UserFactory(admin=True)
        client.force_login(admin)

        read(client.get(reverse("programmes:export", args=["submissions"])))

        event = one_event()
        assert recorded(event) == (admin, "export.downloaded", None, None)
        assert (event.target_label, event.changes) == ("", {"kind": "submissions"})

    @pytest.mark.parametrize("who", ["agent", "unknown_kind"])
    def test_refused_exports_leave_no_event(self, client, programme, who):
        if who == "agent":
            client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)
            kind = "logs"
        else:
            client.force_login(programme.coach)
            kind = "passwords"

        response = client.get(reverse("programmes:programme_export", args=[programme.slug, kind]))

        assert response.status_code == 404
        assert not AuditEvent.objects.exists()


class TestAttachments:
    def test_a_submission_attachment_downloaded_is_recorded(self, client, programme):
        submission = ProblemSubmissionFactory(programme=programme, selected=True)
        attachment = attachment_add(submission=submission, upload=pdf_file(), by=submission.author)
        client.force_login(programme.coach)

        response = client.get(
            reverse("intrapreneurs:attachment_download", args=[submission.pk, attachment.pk])
        )

        assert read(response).startswith(b"%PDF")
        event = one_event()
        assert recorded(event) == (programme.coach, "attachment.downloaded", attachment, programme)
        assert "compte-rendu" not in event.target_label

    def test_a_log_attachment_downloaded_is_recorded(self, client, investigation, programme):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        attachment = LogAttachment.create_from_upload(pdf_file(), by=None, log=log)
        member = investigation.team.first()
        client.force_login(member)

        response = client.get(
            reverse(
                "investigations:log_attachment_download",
                args=[investigation.pk, log.pk, attachment.pk],
            )
        )

        assert read(response).startswith(b"%PDF")
        event = one_event()
        assert recorded(event) == (member, "attachment.downloaded", attachment, programme)

    def test_an_outsider_gets_404_and_leaves_no_event(self, client, investigation):
        log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        attachment = LogAttachment.create_from_upload(pdf_file(), by=None, log=log)
        client.force_login(UserFactory())

        response = client.get(
            reverse(
                "investigations:log_attachment_download",
                args=[investigation.pk, log.pk, attachment.pk],
            )
        )

        assert response.status_code == 404
        assert not AuditEvent.objects.exists()


class TestReportRequests:
    def test_a_report_requested_is_recorded(self, client, programme):
        client.force_login(programme.coach)

        client.post(reverse("programmes:report_request", args=[programme.slug]))

        report = Report.objects.get()
        event = one_event()
        assert recorded(event) == (programme.coach, "report.requested", report, programme)
        assert event.changes == {"kind": "programme"}

    def test_a_retry_is_recorded_with_the_failed_report(self, client, programme):
        failed = Report.objects.create(programme=programme, kind="programme", status="failed")
        client.force_login(programme.designer)

        client.post(reverse("programmes:report_retry", args=[failed.pk]))

        event = one_event()
        assert event.action == "report.requested"
        assert event.changes == {"kind": "programme", "retry_of": failed.pk}

    def test_an_agent_asking_for_a_report_leaves_no_event(self, client, programme):
        client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

        assert client.post(
            reverse("programmes:report_request", args=[programme.slug])
        ).status_code in (403, 404)
        assert not AuditEvent.objects.exists()
