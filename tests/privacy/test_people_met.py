"""Interview-notes hygiene: PEOPLE_MET_RETENTION_DAYS after a programme closes, admins are
asked once to erase the details of the people met; `purge_people_met` erases them (the
numbers stay); the privacy page says so."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from incubateur.audit.models import AuditEvent
from incubateur.calendars.models import CalendarFeed
from investigations.models import CheckInAnswer, PeopleMetPurge, WeeklyLog
from programmes.models import Programme, ProgrammeTransition
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.notifications.conftest import of_kind, paris, run_at

CLOSED_ON = paris(2026, 12, 17, 15)  # a Thursday


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(paris(2026, 9, 15, 10), tick=False)
    return time_machine


@pytest.fixture
def closed(clock):
    """A programme closed on 17 December 2026, one log with people-met details."""
    investigation = InvestigationFactory()
    programme = investigation.programme
    WeeklyLogFactory(
        investigation=investigation,
        week=1,
        submitted=True,
        usagers_met=4,
        people_met_names="Mme Martin, accueil du CCAS ; deux usagers au guichet.",
    )
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)
    clock.move_to(CLOSED_ON, tick=False)
    ProgrammeTransition.objects.create(
        programme=programme,
        from_status=Programme.Status.INVESTIGATION,
        to_status=Programme.Status.CLOSED,
    )
    return programme


def purge_requests(emails):
    return of_kind(emails, "people_met_purge_due")


def test_admins_are_asked_once_when_the_retention_period_is_over(clock, closed, settings):
    settings.PEOPLE_MET_RETENTION_DAYS = 90
    admin = UserFactory(admin=True)
    # 90 days after 17 December 2026: 17 March 2027 (a Wednesday).
    assert purge_requests(run_at(clock, paris(2027, 3, 16, 10))) == []
    assert purge_requests(run_at(clock, paris(2027, 3, 17, 8, 55))) == []
    [email] = purge_requests(run_at(clock, paris(2027, 3, 17, 16)))

    assert email.to == [admin.email]
    assert "purge_people_met" in email.body
    assert purge_requests(run_at(clock, paris(2027, 3, 18, 10))) == []


def test_the_command_erases_the_details_and_keeps_the_numbers(clock, closed, settings):
    settings.PEOPLE_MET_RETENTION_DAYS = 90
    clock.move_to(paris(2027, 3, 10, 10), tick=False)
    out = io.StringIO()
    call_command("purge_people_met", stdout=out)
    assert "0 programme(s) purged" in out.getvalue()
    assert WeeklyLog.objects.get().people_met_names

    clock.move_to(paris(2027, 3, 18, 10), tick=False)
    dry = io.StringIO()
    call_command("purge_people_met", "--dry-run", stdout=dry)
    assert f"{closed.slug}: would be purged" in dry.getvalue()
    assert WeeklyLog.objects.get().people_met_names

    out = io.StringIO()
    call_command("purge_people_met", stdout=out)

    log = WeeklyLog.objects.get()
    assert log.people_met_names == ""
    assert log.usagers_met == 4
    assert f"{closed.slug}: 1 log(s) purged" in out.getvalue()
    assert PeopleMetPurge.objects.get(programme=closed).logs == 1
    assert AuditEvent.objects.get(action="people_met.purged").changes == {"logs": 1}
    # Once purged, nobody is asked any more and a second run finds nothing.
    assert purge_requests(run_at(clock, paris(2027, 3, 18, 10))) == []
    again = io.StringIO()
    call_command("purge_people_met", stdout=again)
    assert "0 programme(s) purged" in again.getvalue()


def test_a_programme_still_open_is_never_purged(clock, settings):
    settings.PEOPLE_MET_RETENTION_DAYS = 1
    WeeklyLogFactory(submitted=True, people_met_names="Le directeur du CCAS.")
    clock.move_to(paris(2028, 1, 4, 10), tick=False)

    call_command("purge_people_met", stdout=io.StringIO())

    assert WeeklyLog.objects.get().people_met_names == "Le directeur du CCAS."


def test_the_privacy_page_states_the_period(client, settings):
    settings.PEOPLE_MET_RETENTION_DAYS = 90

    page = client.get(reverse("privacy")).content.decode()

    assert "personnes rencontrées" in page
    assert "effacés 90 jours après la clôture du programme" in page


def test_the_log_form_offers_the_names_with_their_retention(client):
    investigation = InvestigationFactory(
        programme__investigation_starts_on=datetime.date.today() - datetime.timedelta(days=20)
    )
    client.force_login(investigation.team.first())

    page = client.get(reverse("investigations:log_form", args=[investigation.pk, 1]))

    assert "Noms des personnes rencontrées" in page.content.decode()
    assert "effacés quelques mois après la clôture" in page.content.decode()


def test_the_personal_data_export_holds_details_answers_and_no_calendar_secret(client):
    log = WeeklyLogFactory(submitted=True, people_met_names="La cheffe de service.")
    author = log.authors.get()
    CheckInAnswer.objects.create(
        investigation=log.investigation, month=3, respondent=author, status="live"
    )
    feed = CalendarFeed.regenerate(author)
    client.force_login(author)

    response = client.get(reverse("privacy:download"))

    data = response.json()
    assert data["weekly_logs"][0]["people_met_names"] == "La cheffe de service."
    assert data["check_in_answers"][0]["status"] == "Service en ligne"
    assert data["calendar_link_created_at"]
    assert feed.token not in response.content.decode()
