"""The coach hears of an investigation with two missed weeks (investigations.progress: a
week is missed once its session is a week old without a submitted log), from 9:00 on a
working day, once for each newly missed week."""

import datetime

from django.urls import reverse

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from programmes.models import Programme
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.notifications.conftest import (
    investigation_programme,
    of_kind,
    paris,
    run_at,
    submit_logs,
)


def coach_alerts(emails):
    return of_kind(emails, "coach_alert")


def stalled(programme, weeks_sent=range(1, 7)):
    """Weeks 7 (12 November) and 8 (19 November) missed: known on 26 November."""
    return submit_logs(InvestigationFactory(programme=programme), weeks_sent)


def test_the_coach_is_alerted_when_a_second_week_is_missed(clock, programme):
    investigation = stalled(programme)

    # Week 8 is not a week old yet (its second reminder goes out, though).
    assert coach_alerts(run_at(clock, paris(2026, 11, 25, 9, 0))) == []
    assert run_at(clock, paris(2026, 11, 26, 8, 55)) == []
    [email] = coach_alerts(run_at(clock, paris(2026, 11, 26, 9, 0)))

    assert email.to == [programme.coach.email]
    assert email.subject == f"« {investigation.submission.title} » : 2 semaines sans journal"
    assert "la dernière étant celle du 19 novembre" in email.body
    detail = reverse("investigations:investigation_detail", args=[investigation.pk])
    assert email.body.startswith(f"Voir l’investigation :\nhttp://127.0.0.1:8000{detail}\n")
    notification = Notification.objects.get(kind="coach_alert")
    assert (notification.period, notification.status) == ("2026-11-19", "sent")


def test_one_alert_per_newly_missed_week(clock, programme):
    stalled(programme)
    run_at(clock, paris(2026, 11, 26, 9, 0))

    assert coach_alerts(run_at(clock, paris(2026, 11, 27, 9, 0))) == []
    [email] = coach_alerts(run_at(clock, paris(2026, 12, 3, 9, 0)))

    assert "3 semaines sans journal" in email.subject


def test_one_missed_week_is_no_alert(clock, programme):
    stalled(programme, weeks_sent=[1, 2, 3, 4, 5, 6, 7])

    assert coach_alerts(run_at(clock, paris(2026, 11, 26, 9, 0))) == []


def test_a_late_log_cancels_the_pending_alert(clock, programme):
    investigation = stalled(programme)
    clock.move_to(paris(2026, 11, 26, 9, 0), tick=False)
    delivery.create_due(due_at(paris(2026, 11, 26, 9, 0)))  # the broker was down
    WeeklyLogFactory(investigation=investigation, week=8, submitted=True)

    assert coach_alerts(run_at(clock, paris(2026, 11, 26, 9, 5))) == []
    assert Notification.objects.get(kind="coach_alert").status == "skipped"


def test_no_alert_on_a_public_holiday(clock):
    # Weeks 7 (10 December) and 8 (17 December) missed: known on Thursday 24 December.
    programme = investigation_programme(datetime.date(2026, 10, 29))
    investigation = submit_logs(InvestigationFactory(programme=programme), range(1, 7))

    assert coach_alerts(run_at(clock, paris(2026, 12, 24, 8, 0))) == []
    assert run_at(clock, paris(2026, 12, 25, 9, 0)) == []  # Christmas
    [email] = coach_alerts(run_at(clock, paris(2026, 12, 28, 9, 0)))

    assert email.to == [investigation.programme.coach.email]


def test_no_alert_for_a_closed_programme(clock, programme):
    stalled(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)

    assert run_at(clock, paris(2026, 11, 26, 9, 0)) == []
