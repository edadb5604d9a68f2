"""Check-ins at 3, 6 and 12 months after the committee (investigations.notifications.check_ins):
each is sent once to the team and the collectivité's referents, from 9:00 on its due day
(a working day); a week later, those who have not answered get one reminder."""

import datetime

import pytest
from django.urls import reverse

from incubateur.audit.models import AuditEvent
from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from investigations.check_ins import check_in_answer_save
from investigations.models import CommitteeReview
from programmes.models import Membership
from tests.celery_worker import run_worker
from tests.investigations.factories import InvestigationFactory
from tests.notifications.conftest import of_kind, paris, recipients, run_at
from tests.programmes.factories import MembershipFactory

COMMITTEE = datetime.date(2026, 11, 26)  # a Thursday


@pytest.fixture
def followed(programme):
    """An investigation decided on 26 November 2026, its team of two and one referent."""
    investigation = InvestigationFactory(programme=programme)
    CommitteeReview.objects.create(
        investigation=investigation, decision="build", decided_on=COMMITTEE
    )
    referent = MembershipFactory(
        collectivity=investigation.submission.collectivity, role=Membership.Role.REFERENT
    ).user
    return investigation, referent


def asked(investigation, referent) -> list[str]:
    return sorted([*investigation.team.values_list("email", flat=True), referent.email])


def check_ins(emails):
    return of_kind(emails, "check_in")


def reminders(emails):
    return of_kind(emails, "check_in_reminder")


def test_each_check_in_is_sent_once_per_period(clock, followed):
    investigation, referent = followed

    assert check_ins(run_at(clock, paris(2027, 2, 25, 9, 0))) == []
    assert check_ins(run_at(clock, paris(2027, 2, 26, 8, 55))) == []
    three = check_ins(run_at(clock, paris(2027, 2, 26, 9, 0)))
    assert recipients(three) == asked(investigation, referent)
    assert "depuis 3 mois" in three[0].subject
    path = reverse("investigations:check_in", args=[investigation.pk, 3])
    assert f"http://127.0.0.1:8000{path}" in three[0].body
    assert check_ins(run_at(clock, paris(2027, 2, 26, 9, 5))) == []
    assert check_ins(run_at(clock, paris(2027, 3, 1, 9, 0))) == []

    six = check_ins(run_at(clock, paris(2027, 5, 26, 9, 0)))
    assert recipients(six) == asked(investigation, referent)
    assert check_ins(run_at(clock, paris(2027, 5, 27, 9, 0))) == []

    twelve = check_ins(run_at(clock, paris(2027, 11, 26, 9, 0)))
    assert recipients(twelve) == asked(investigation, referent)
    assert check_ins(run_at(clock, paris(2027, 11, 29, 9, 0))) == []

    periods = sorted(Notification.objects.filter(kind="check_in").values_list("period", flat=True))
    assert periods == sorted(["3m"] * 3 + ["6m"] * 3 + ["12m"] * 3)


def test_a_reminder_after_a_week_to_those_who_have_not_answered(clock, followed):
    investigation, referent = followed
    run_at(clock, paris(2027, 2, 26, 9, 0))
    member = investigation.team.order_by("pk").first()
    clock.move_to(paris(2027, 3, 2, 10), tick=False)
    check_in_answer_save(
        investigation=investigation,
        month=3,
        by=member,
        today=datetime.date(2027, 3, 2),
        status="in_construction",
    )

    assert reminders(run_at(clock, paris(2027, 3, 4, 9, 0))) == []
    sent = reminders(run_at(clock, paris(2027, 3, 5, 9, 0)))
    assert recipients(sent) == sorted(set(asked(investigation, referent)) - {member.email})
    assert reminders(run_at(clock, paris(2027, 3, 8, 9, 0))) == []


def test_no_check_in_without_a_committee_decision(clock, programme):
    InvestigationFactory(programme=programme)

    assert check_ins(run_at(clock, paris(2027, 2, 26, 9, 0))) == []
    assert not Notification.objects.filter(kind="check_in").exists()


def test_a_check_in_due_on_a_weekend_goes_out_the_next_working_day(clock, programme):
    investigation = InvestigationFactory(programme=programme, members__size=1)
    # 3 months after Saturday 28 November 2026: Sunday 28 February 2027.
    CommitteeReview.objects.create(
        investigation=investigation, decision="abandon", decided_on=datetime.date(2026, 11, 28)
    )

    assert check_ins(run_at(clock, paris(2027, 2, 28, 10, 0))) == []
    assert len(check_ins(run_at(clock, paris(2027, 3, 1, 9, 0)))) == 1


def test_the_coach_sees_who_has_not_answered_and_the_timeline_every_check_in(
    client, clock, followed
):
    investigation, referent = followed
    clock.move_to(paris(2027, 3, 2, 10), tick=False)
    member = investigation.team.order_by("pk").first()
    check_in_answer_save(
        investigation=investigation,
        month=3,
        by=member,
        today=datetime.date(2027, 3, 2),
        status="live",
        service_url="https://beta.gouv.fr/startups/rdv.html",
        impact_figure="120 rendez-vous honorés de plus",
        impact_source="Tableau de bord du CCAS",
    )
    client.force_login(investigation.programme.coach)

    page = client.get(reverse("investigations:check_in", args=[investigation.pk, 3]))

    missing = [person.display_name for person in page.context["check_in"].missing]
    assert sorted(missing) == sorted(
        [u.display_name for u in investigation.team.exclude(pk=member.pk)] + [str(referent)]
    )
    assert "N’ont pas encore répondu" in page.content.decode()
    timeline = client.get(
        reverse("investigations:investigation_detail", args=[investigation.pk])
    ).content.decode()
    for month in (3, 6, 12):
        assert f"Point de suivi à {month} mois" in timeline
    assert "120 rendez-vous honorés de plus" in timeline
    assert "Service en ligne" in timeline


def test_answering_through_the_form(client, clock, followed):
    investigation, referent = followed
    clock.move_to(paris(2027, 3, 2, 10), tick=False)
    client.force_login(referent)
    url = reverse("investigations:check_in", args=[investigation.pk, 3])

    refused = client.post(url, {"status": "spread", "impact_figure": "3 collectivités"})
    assert "Indiquez la source du chiffre." in refused.content.decode()
    assert "3 collectivités" in refused.content.decode()

    client.post(
        url, {"status": "spread", "impact_figure": "3 collectivités", "impact_source": "ANCT"}
    )
    answer = investigation.check_in_answers.get()
    assert (answer.respondent, answer.status, answer.month) == (referent, "spread", 3)
    event = AuditEvent.objects.get(action="check_in.answered")
    assert (event.actor, event.changes) == (referent, {"month": 3, "status": "spread"})


def test_a_check_in_not_yet_open_refuses_answers(client, clock, followed):
    investigation, _referent = followed
    clock.move_to(paris(2027, 2, 1, 10), tick=False)
    client.force_login(investigation.team.first())

    response = client.post(
        reverse("investigations:check_in", args=[investigation.pk, 3]), {"status": "live"}
    )

    assert "pas encore ouvert" in response.content.decode()
    assert not investigation.check_in_answers.exists()


def test_the_coach_may_not_answer(client, clock, followed):
    investigation, _referent = followed
    clock.move_to(paris(2027, 3, 2, 10), tick=False)
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:check_in", args=[investigation.pk, 3]), {"status": "live"}
    )

    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_a_check_in_once(tmp_path, time_machine):
    time_machine.move_to(paris(2026, 9, 15, 10), tick=False)
    investigation = InvestigationFactory(members__size=1)
    CommitteeReview.objects.create(
        investigation=investigation, decision="pivot", decided_on=COMMITTEE
    )
    due = paris(2027, 2, 26, 9, 0)
    time_machine.move_to(due, tick=True)
    delivery.create_due(due_at(due))
    delivery.create_due(due_at(due))  # a second beat run finds it already there
    # Its only recipient: the one intrapreneur (the collectivité has no referent).
    [notification] = Notification.objects.filter(kind="check_in")
    assert notification.period == "3m"

    with run_worker(tmp_path, now=due + datetime.timedelta(seconds=30)) as worker:
        worker.send("incubateur.notifications.tasks.deliver", notification.pk)
        worker.send("incubateur.notifications.tasks.deliver", notification.pk)
        worker.wait_until_idle()
        messages = worker.emails()

    [message] = messages
    assert message["To"] == investigation.team.get().email
    assert "depuis 3 mois" in message["Subject"]
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 1)
