"""A real Celery worker, through a real Redis, sends a notification from the test database."""

import pytest

from incubateur.notifications.models import Notification
from tests.celery_worker import run_worker
from tests.intrapreneurs.factories import ProblemSubmissionFactory


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_receipt_of_a_submission(tmp_path):
    submission = ProblemSubmissionFactory(submitted=True, title="Courriers illisibles")
    notification = Notification.objects.create(
        kind="submission_receipt", recipient=submission.author, obj=submission
    )

    with run_worker(tmp_path) as worker:
        worker.send("incubateur.notifications.tasks.deliver", notification.pk)
        messages = worker.wait_for_emails(1)

    [message] = messages
    assert message["To"] == submission.author.email
    assert "Courriers illisibles" in message["Subject"]
    assert "Courriers illisibles" in message.get_body(("plain",)).get_content()
    assert Notification.objects.get().status == Notification.Status.SENT
