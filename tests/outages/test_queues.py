"""Reports and notifications on separate Celery queues (settings.CELERY_TASK_ROUTES), each
with its own workers: a burst of reports waiting for a reports worker never delays an
email, which a notifications worker (a real process) delivers meanwhile."""

import pytest
import redis
from django.conf import settings

from programmes.notifications import notify_invitation
from reports import tasks
from reports.models import Report
from reports.services import report_request
from tests.celery_worker import run_worker
from tests.programmes.factories import InvitationFactory
from tests.reports.conftest import build_programme

BURST = 30


def test_the_longest_render_ends_within_the_visibility_timeout():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > (
        settings.REPORT_TIME_LIMIT
    )


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_reports_does_not_delay_an_invitation(
    on_redis, tmp_path, django_capture_on_commit_callbacks
):
    programme = build_programme(investigations=1)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(BURST):
            report_request(programme=programme, by=programme.coach, publish=tasks.publish)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = InvitationFactory(email="nouvelle.collegue@example.org")
        notify_invitation(invitation=invitation)
    broker = redis.Redis.from_url(on_redis.url)
    assert broker.llen("reports") == BURST
    assert broker.llen("notifications") == 1

    # The notifications worker, as in docker-compose.yml (worker-notifications).
    with run_worker(tmp_path, redis_url=on_redis.url, queue="notifications") as worker:
        [message] = worker.wait_for_emails(1, timeout=30)

    assert message["To"] == "nouvelle.collegue@example.org"
    # The reports waited for their own workers, untouched.
    assert broker.llen("reports") == BURST
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.PENDING}
