"""Through a real Redis and a real Celery worker (run at the moment the reminder is due):
a reminder whose delivery is queued twice is sent once."""

import datetime

import pytest

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from tests.celery_worker import run_worker
from tests.investigations.factories import InvestigationFactory
from tests.notifications.conftest import investigation_programme, paris, submit_logs

DELIVER = "incubateur.notifications.tasks.deliver"


@pytest.mark.django_db(transaction=True)
def test_a_reminder_queued_twice_is_delivered_once(tmp_path, time_machine):
    time_machine.move_to(paris(2026, 9, 15, 10), tick=False)
    programme = investigation_programme(datetime.date(2026, 10, 1))
    investigation = InvestigationFactory(programme=programme, members__size=1)
    submit_logs(investigation, range(1, 9))
    due = paris(2026, 11, 26, 17, 0)
    time_machine.move_to(due, tick=True)
    delivery.create_due(due_at(due))
    [notification] = Notification.objects.all()
    assert notification.kind == "session_reminder"

    with run_worker(tmp_path, now=due + datetime.timedelta(seconds=30)) as worker:
        worker.send(DELIVER, notification.pk)
        worker.send(DELIVER, notification.pk)
        worker.wait_until_idle()
        messages = worker.emails()

    [message] = messages
    [member] = investigation.team.all()
    assert message["To"] == member.email
    assert message["Subject"] == "Votre journal de la semaine 9 n’est pas encore envoyé"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
    # Both tasks ran: the second found nothing to claim.
    assert worker.output.count(f"Task {DELIVER}[") == 4  # received and succeeded, twice
    assert "succeeded in" in worker.output and ": 'sent'" in worker.output
    assert ": ''" in worker.output
