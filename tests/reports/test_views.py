"""Asking for a report, following its generation, downloading it; who may."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.notifications.models import Notification
from reports import rendering, services
from reports.models import Report
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory


@pytest.fixture
def investigation():
    return InvestigationFactory()


@pytest.fixture
def programme(investigation):
    return investigation.programme


def referent_of(programme):
    return MembershipFactory(collectivity=programme.collectivities.first(), referent=True).user


def test_the_coach_asks_for_a_report_and_gets_it_by_email(
    client, programme, django_capture_on_commit_callbacks
):
    client.force_login(programme.coach)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:report_request", args=[programme.slug]))

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.status, report.requested_by) == (
        "programme",
        "ready",
        programme.coach,
    )
    assert report.pages > 3 and report.started_at and report.finished_at
    assert report.file.name.startswith(f"reports/{programme.pk}/")
    [email] = mail.outbox
    assert email.to == [programme.coach.email]
    assert email.extra_headers["X-Notification-Kind"] == "report_ready"
    download = reverse("programmes:report_download", args=[report.pk])
    assert download in email.body
    assert Notification.objects.get().status == "sent"

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_list_polls_while_a_report_is_pending_and_stops_when_it_is_ready(client, programme):
    report = Report.objects.create(programme=programme, kind="programme")
    client.force_login(programme.designer)
    url = reverse("programmes:report_list", args=[programme.slug])

    page = client.get(url)
    assertContains(page, 'hx-trigger="every 2s"')
    assertContains(page, f'href="{url}">Actualiser</a>')
    fragment = client.get(url, headers={"HX-Request": "true"})
    assertContains(fragment, 'id="rapports"')
    assertNotContains(fragment, "<html")

    services.report_generate(report_id=report.pk)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assertNotContains(fragment, "hx-trigger")
    assertContains(fragment, reverse("programmes:report_download", args=[report.pk]))


def test_a_failure_keeps_its_error_and_can_be_retried(
    client, programme, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("police introuvable")

    monkeypatch.setattr(rendering, "programme_report_pdf", broken)
    referent = referent_of(programme)
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:report_request", args=[programme.slug]))
    failed = Report.objects.get()
    assert failed.status == "failed"
    assert failed.error == "RuntimeError: police introuvable"
    assert not mail.outbox
    page = client.get(reverse("programmes:report_list", args=[programme.slug]))
    assertContains(page, "RuntimeError: police introuvable")
    assertContains(page, reverse("programmes:report_retry", args=[failed.pk]))

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:report_retry", args=[failed.pk]))
    retried = Report.objects.exclude(pk=failed.pk).get()
    assert response.url == reverse("programmes:report_detail", args=[retried.pk])
    assert retried.status == "ready"
    failed.refresh_from_db()
    assert failed.status == "failed"
    [email] = mail.outbox
    assert email.to == [referent.email]


def test_a_report_already_taken_is_not_generated_twice(programme):
    report = Report.objects.create(programme=programme, kind="programme", status="running")
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "running" and not report.file


def test_an_intrapreneur_asks_for_the_sheet_of_their_investigation(
    client, investigation, django_capture_on_commit_callbacks
):
    member = investigation.team.first()
    client.force_login(member)
    assertContains(
        client.get(reverse("investigations:investigation_detail", args=[investigation.pk])),
        reverse("programmes:sheet_request", args=[investigation.pk]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:sheet_request", args=[investigation.pk]))
    sheet = Report.objects.get()
    assert (sheet.kind, sheet.investigation, sheet.status) == ("sheet", investigation, "ready")
    assert response.url == reverse("programmes:report_detail", args=[sheet.pk])
    download = client.get(reverse("programmes:report_download", args=[sheet.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Not the programme's report, nor its list.
    assert (
        client.get(reverse("programmes:report_list", args=[investigation.programme.slug]))
    ).status_code == 404


@pytest.fixture
def ready_report(programme):
    return Report.objects.create(programme=programme, kind="programme", status="ready")


@pytest.mark.parametrize(
    "who",
    ["agent", "other_team", "other_referent", "other_coach", "intrapreneur"],
)
def test_people_outside_the_committee_get_404(client, programme, ready_report, who):
    collectivity = programme.collectivities.first()
    other = InvestigationFactory()
    user = {
        "agent": lambda: MembershipFactory(collectivity=collectivity, agent=True).user,
        "other_team": lambda: other.team.first(),
        "other_referent": lambda: referent_of(other.programme),
        "other_coach": lambda: other.programme.coach,
        "intrapreneur": lambda: programme.investigations.first().team.first(),
    }[who]()
    client.force_login(user)
    assert client.get(reverse("programmes:report_list", args=[programme.slug])).status_code == 404
    assert (
        client.post(reverse("programmes:report_request", args=[programme.slug])).status_code == 404
    )
    download = reverse("programmes:report_download", args=[ready_report.pk])
    assert client.get(download).status_code == 404
    assert not Report.objects.exclude(pk=ready_report.pk).exists()


def test_other_teams_cannot_ask_for_or_read_a_sheet(client, investigation):
    sheet = Report.objects.create(
        programme=investigation.programme, investigation=investigation, kind="sheet"
    )
    client.force_login(InvestigationFactory(programme=investigation.programme).team.first())
    assert (
        client.post(reverse("programmes:sheet_request", args=[investigation.pk])).status_code == 404
    )
    assert client.get(reverse("programmes:report_detail", args=[sheet.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme, ready_report):
    for url in [
        reverse("programmes:report_list", args=[programme.slug]),
        reverse("programmes:report_download", args=[ready_report.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["admin", "coach", "designer", "referent"])
def test_the_committee_sees_the_button_on_the_programme_page(client, programme, role):
    user = {
        "admin": lambda: UserFactory(admin=True),
        "coach": lambda: programme.coach,
        "designer": lambda: programme.designer,
        "referent": lambda: referent_of(programme),
    }[role]()
    client.force_login(user)
    page = client.get(reverse("programmes:programme_detail", args=[programme.slug]))
    assertContains(page, reverse("programmes:report_request", args=[programme.slug]))


def test_agents_do_not_see_the_button(client, programme):
    agent = MembershipFactory(collectivity=programme.collectivities.first(), agent=True).user
    client.force_login(agent)
    page = client.get(reverse("programmes:programme_detail", args=[programme.slug]))
    assertNotContains(page, reverse("programmes:report_request", args=[programme.slug]))


def test_the_programme_page_says_a_report_before_the_close_is_provisional(client, programme):
    client.force_login(programme.coach)
    detail = reverse("programmes:programme_detail", args=[programme.slug])

    running = client.get(detail)
    programme.status = "closed"
    programme.save(update_fields=["status"])
    closed = client.get(detail)

    notice = "le rapport sera marqué « Version provisoire »"
    assertContains(running, notice)
    assertNotContains(closed, notice)


def test_no_report_while_the_call_is_open(client, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(call_open=True)
    client.force_login(programme.coach)

    page = client.get(reverse("programmes:report_list", args=[programme.slug]))
    request_url = reverse("programmes:report_request", args=[programme.slug])
    assertNotContains(page, request_url)
    assertContains(page, "pourra être généré une fois les investigations lancées")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url, follow=True)

    assert not Report.objects.exists()
    assertContains(response, "pourra être généré une fois les investigations lancées")
    assert not mail.outbox
