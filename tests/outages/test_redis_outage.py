"""Redis stopped mid-test (issue 16): with the cache and the broker unreachable, a person
signs in, submits a problem, invites a colleague, comments, sends a log with a help
request and asks for a report, each at once and without an error page; once Redis is
back, a real Celery worker delivers every notification exactly once and renders the
report."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from incubateur.notifications import tasks as notification_tasks
from incubateur.notifications.models import Notification
from intrapreneurs.models import ProblemSubmission
from programmes.models import Invitation
from reports import tasks as report_tasks
from reports.models import Report
from tests.celery_worker import run_worker
from tests.factories import DEFAULT_PASSWORD
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

# A Saturday: nothing is scheduled, so the runs after the outage send only what the
# requests left pending.
SATURDAY = datetime.datetime(2026, 9, 19, 10, tzinfo=ZoneInfo("Europe/Paris"))
PROBLEM = {
    "title": "Rendez-vous non honorés au CCAS",
    "problem": "Un rendez-vous sur quatre n’est pas honoré.",
    "affected_users": "Les usagers du CCAS et les travailleurs sociaux.",
    "current_cost": "Des créneaux perdus chaque semaine.",
    "evidence": "Le registre des rendez-vous de 2025.",
    "service": "Centre communal d’action sociale",
    "current_handling": "Des rappels par téléphone, quand on a le temps.",
    "action": "submit",
}
LOG = {
    "hours_spent": "6,5",
    "activities": "Trois entretiens avec des travailleurs sociaux",
    "usagers_met": "4",
    "agents_met": "3",
    "partners_met": "1",
    "key_learnings": "Les rappels par SMS ne touchent pas les personnes sans portable",
    "blockers": "",
    "help_request": "Pouvez-vous nous présenter le service informatique ?",
    "next_steps": "Observer l’accueil mardi",
    "figures-TOTAL_FORMS": "0",
    "figures-INITIAL_FORMS": "0",
    "figures-MIN_NUM_FORMS": "0",
    "figures-MAX_NUM_FORMS": "1000",
    "version": "",
    "action": "submit",
}


class Stopwatch:
    """Every request made during the outage, and the slowest of them."""

    def __init__(self, client):
        self.client = client
        self.slowest = 0.0

    def post(self, url, data=None):
        started = time.monotonic()
        response = self.client.post(url, data or {})
        self.slowest = max(self.slowest, time.monotonic() - started)
        return response


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def emails_by_kind(messages) -> list[tuple[str, str]]:
    return sorted((message["X-Notification-Kind"], message["To"]) for message in messages)


@pytest.mark.django_db(transaction=True)
def test_people_keep_working_while_redis_is_down_and_every_email_goes_out_once_after(
    client, on_redis, media, time_machine, tmp_path, caplog
):
    time_machine.move_to(SATURDAY, tick=True)
    call = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=call.collectivities.get()).user
    referent = MembershipFactory(collectivity=call.collectivities.get(), referent=True).user
    investigation = InvestigationFactory()
    author, teammate = investigation.team.order_by("pk")
    week = investigation.current_week(investigation.sessions.order_by("week"))
    programme = investigation.programme
    browser = Stopwatch(client)

    on_redis.stop()

    # Sign-in goes through allauth's rate limits, in the cache.
    response = browser.post(
        reverse("account_login"), {"login": agent.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302 and get_user(client) == agent
    response = browser.post(reverse("intrapreneurs:submission_create", args=[call.slug]), PROBLEM)
    assert response.status_code == 302
    client.force_login(referent)
    response = browser.post(
        reverse("programmes:invitation_create", args=[call.collectivities.get().pk]),
        {"email": "nouvelle.collegue@example.org", "role": "agent"},
    )
    assert response.status_code == 302
    client.force_login(author)
    response = browser.post(
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Le CCAS nous reçoit mardi."},
    )
    assert response.status_code == 302
    response = browser.post(reverse("investigations:log_form", args=[investigation.pk, week]), LOG)
    assert response.status_code == 302
    client.force_login(programme.coach)
    response = browser.post(reverse("programmes:report_request", args=[programme.slug]))
    assert response.status_code == 302

    assert browser.slowest < 2
    assert ProblemSubmission.objects.get(author=agent).status == "submitted"
    assert Invitation.objects.get().email == "nouvelle.collegue@example.org"
    assert Report.objects.get().status == "pending"
    assert not Notification.objects.exclude(status="pending").exists()
    assert not Notification.objects.filter(queued_at__isnull=False).exists()
    assert "Cache unreachable" in caplog.text and "Broker unreachable" in caplog.text
    assert mail.outbox == []

    on_redis.start()
    # The next runs of Celery beat's tasks, a few minutes later, with a worker there.
    later = SATURDAY + datetime.timedelta(minutes=5)
    time_machine.move_to(later, tick=True)
    with run_worker(
        tmp_path,
        now=later,
        redis_url=on_redis.url,
        queue="notifications,reports",
        env={"MEDIA_ROOT": str(media)},
    ) as worker:
        notification_tasks.send_due_notifications()
        assert report_tasks.sweep_reports() == 1
        deadline = time.monotonic() + 90
        while Report.objects.get().status != "ready" and time.monotonic() < deadline:
            time.sleep(0.2)
        worker.wait_until_idle()
        # Later runs find nothing left to send.
        notification_tasks.send_due_notifications()
        report_tasks.sweep_reports()
        worker.wait_until_idle()
        messages = worker.emails()

    assert Report.objects.get().status == "ready"
    expected = [
        ("comment", teammate.email),
        ("help_request", programme.coach.email),
        ("help_request", programme.designer.email),
        ("invitation", "nouvelle.collegue@example.org"),
        ("report_ready", programme.coach.email),
        ("submission_receipt", agent.email),
    ]
    assert emails_by_kind(messages) == sorted(expected)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.count() == len(expected)
