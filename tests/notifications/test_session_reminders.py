"""The investigation-day reminder (from 17:00 on the session's day) and the second one (from
9:00 on the next working day, until the next session), to the intrapreneurs of an
investigation whose week has no submitted log."""

import datetime

from django.urls import reverse

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from programmes.models import Programme
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.notifications.conftest import (
    investigation_programme,
    paris,
    recipients,
    run_at,
    submit_logs,
    team_emails,
)

SESSION_DAY = (2026, 11, 26)  # a Thursday: week 9


def test_the_team_is_reminded_at_17h_on_its_investigation_day(clock, investigation):
    emails = run_at(clock, paris(*SESSION_DAY, 17, 0))

    assert recipients(emails) == team_emails(investigation)
    log_url = "http://127.0.0.1:8000" + reverse(
        "investigations:log_form", args=[investigation.pk, 9]
    )
    for email in emails:
        assert email.subject == "Votre journal de la semaine 9 n’est pas encore envoyé"
        # The action comes first, in the text and in the HTML.
        assert email.body.startswith(f"Écrire le journal de la semaine 9 :\n{log_url}\n")
        assert investigation.submission.title in email.body
        [(html, mimetype)] = email.alternatives
        assert mimetype == "text/html"
        assert html.index(log_url) < html.index(investigation.submission.title)
        assert "List-Unsubscribe" not in email.extra_headers
    assert set(Notification.objects.values_list("kind", "period", "status")) == {
        ("session_reminder", "2026-11-26", "sent")
    }


def test_no_reminder_before_17h(clock, investigation):
    assert run_at(clock, paris(*SESSION_DAY, 16, 55)) == []


def test_no_reminder_on_another_day(clock, investigation):
    assert run_at(clock, paris(2026, 11, 25, 17, 0)) == []
    assert run_at(clock, paris(2026, 11, 19, 17, 0)) == []  # week 8's log was sent


def test_the_reminder_goes_out_once(clock, investigation):
    assert len(run_at(clock, paris(*SESSION_DAY, 17, 0))) == 2

    assert run_at(clock, paris(*SESSION_DAY, 17, 5)) == []
    assert run_at(clock, paris(*SESSION_DAY, 21, 30)) == []
    assert Notification.objects.count() == 2


def test_a_submitted_log_means_no_reminder(clock, investigation):
    WeeklyLogFactory(investigation=investigation, week=9, submitted=True)

    assert run_at(clock, paris(*SESSION_DAY, 17, 0)) == []
    assert not Notification.objects.exists()


def test_a_log_submitted_before_the_reminder_is_delivered_cancels_it(clock, investigation):
    # The reminders were selected, but the broker was down: they stayed pending.
    clock.move_to(paris(*SESSION_DAY, 17, 0), tick=False)
    delivery.create_due(due_at(paris(*SESSION_DAY, 17, 0)))
    WeeklyLogFactory(investigation=investigation, week=9, submitted=True)

    assert run_at(clock, paris(*SESSION_DAY, 17, 5)) == []
    assert set(Notification.objects.values_list("status", "error")) == {
        ("skipped", "Le journal de la semaine a été envoyé.")
    }


def test_a_programme_out_of_its_investigation_phase_sends_no_reminder(clock, investigation):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)

    assert run_at(clock, paris(*SESSION_DAY, 17, 0)) == []
    assert run_at(clock, paris(2026, 11, 27, 9, 0)) == []


def test_the_second_reminder_goes_out_the_next_morning(clock, investigation):
    run_at(clock, paris(*SESSION_DAY, 17, 0))

    assert run_at(clock, paris(2026, 11, 27, 8, 55)) == []
    emails = run_at(clock, paris(2026, 11, 27, 9, 0))

    assert recipients(emails) == team_emails(investigation)
    assert {email.subject for email in emails} == {
        f"Rappel : le journal de la semaine 9 de « {investigation.submission.title} »"
    }
    assert "jeudi 26 novembre" in emails[0].body
    assert run_at(clock, paris(2026, 11, 27, 11, 0)) == []


def test_no_second_reminder_once_the_log_is_submitted(clock, investigation):
    run_at(clock, paris(*SESSION_DAY, 17, 0))
    clock.move_to(paris(*SESSION_DAY, 22, 0), tick=False)
    WeeklyLogFactory(investigation=investigation, week=9, submitted=True)

    assert run_at(clock, paris(2026, 11, 27, 9, 0)) == []


def test_after_an_outage_only_what_still_makes_sense_goes_out(clock, investigation):
    # Nothing ran from the session's afternoon to the next morning: the day's reminder is
    # no longer timely, the second one is.
    emails = run_at(clock, paris(2026, 11, 27, 10, 0))

    assert {email.subject[:6] for email in emails} == {"Rappel"}
    assert len(emails) == 2
    assert not Notification.objects.filter(kind="session_reminder").exists()


def test_a_friday_session_is_followed_up_on_monday(clock):
    programme = investigation_programme(
        datetime.date(2026, 10, 2), weekday=Programme.Weekday.FRIDAY
    )
    investigation = submit_logs(InvestigationFactory(programme=programme), range(1, 9))

    assert run_at(clock, paris(2026, 11, 28, 9, 0)) == []  # Saturday
    emails = run_at(clock, paris(2026, 11, 30, 9, 0))

    assert recipients(emails) == team_emails(investigation)


def test_no_reminder_on_a_public_holiday(clock):
    # Tuesday 10 November 2026: the next day is Armistice day.
    programme = investigation_programme(
        datetime.date(2026, 10, 6), weekday=Programme.Weekday.TUESDAY
    )
    investigation = submit_logs(InvestigationFactory(programme=programme), range(1, 6))
    run_at(clock, paris(2026, 11, 10, 17, 0))

    assert run_at(clock, paris(2026, 11, 11, 9, 0)) == []
    emails = run_at(clock, paris(2026, 11, 12, 9, 0))

    assert recipients(emails) == team_emails(investigation)
    assert {email.subject[:6] for email in emails} == {"Rappel"}


def test_an_investigation_day_on_a_public_holiday_has_no_reminder(clock, investigation):
    # Sessions avoid holidays; one moved by hand onto Christmas gets no reminder that day.
    investigation.sessions.filter(week=10).update(date=datetime.date(2026, 12, 25))

    assert run_at(clock, paris(2026, 12, 25, 17, 0)) == []
