"""Three days before the call closes, from 9:00: the referents of the programme's
collectivités, and their agents who have not submitted a problem."""

import datetime

from django.urls import reverse

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from programmes.models import Membership, Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.notifications.conftest import paris, recipients, run_at
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory


def call_programme(closes_on: datetime.date, **kwargs):
    """A call open until `closes_on`, for two collectivités: Le Havre with a referent and
    two agents, the métropole with one agent."""
    le_havre = CollectivityFactory(name="Ville du Havre")
    metropole = CollectivityFactory(name="Le Havre Seine Métropole")
    programme = ProgrammeFactory(
        call_open=True,
        call_opens_on=closes_on - datetime.timedelta(days=30),
        call_closes_on=closes_on,
        investigation_starts_on=closes_on + datetime.timedelta(days=30),
        collectivities=[le_havre, metropole],
        **kwargs,
    )
    people = {
        "referent": MembershipFactory(collectivity=le_havre, referent=True).user,
        "agent": MembershipFactory(collectivity=le_havre).user,
        "submitter": MembershipFactory(collectivity=le_havre).user,
        "metropole": MembershipFactory(collectivity=metropole).user,
    }
    ProblemSubmissionFactory(programme=programme, author=people["submitter"], submitted=True)
    MembershipFactory(collectivity=le_havre, user=UserFactory(is_active=False))
    return programme, people


def test_referents_and_agents_without_a_problem_are_reminded_three_days_before(clock):
    programme, people = call_programme(datetime.date(2026, 11, 27))  # a Friday

    assert run_at(clock, paris(2026, 11, 23, 9, 0)) == []
    assert run_at(clock, paris(2026, 11, 24, 8, 55)) == []
    emails = run_at(clock, paris(2026, 11, 24, 9, 0))

    expected = [people["referent"], people["agent"], people["metropole"]]
    assert recipients(emails) == sorted(user.email for user in expected)
    by_address = {email.to[0]: email for email in emails}
    call_url = reverse("intrapreneurs:call_detail", args=[programme.slug])
    for email in emails:
        assert email.subject == f"L’appel à problèmes « {programme.name} » se clôt le 27 novembre"
        assert email.body.startswith(f"Soumettre un problème :\nhttp://127.0.0.1:8000{call_url}")
    assert "1 problème a été soumis" in by_address[people["referent"].email].body
    assert "Décrivez-le avec vos mots" in by_address[people["agent"].email].body


def test_the_call_reminder_goes_out_once(clock):
    call_programme(datetime.date(2026, 11, 27))
    run_at(clock, paris(2026, 11, 24, 9, 0))

    assert run_at(clock, paris(2026, 11, 25, 9, 0)) == []
    assert run_at(clock, paris(2026, 11, 27, 9, 0)) == []
    assert Notification.objects.filter(kind="call_closing", period="2026-11-27").count() == 3


def test_an_agent_who_submits_meanwhile_is_not_reminded(clock):
    programme, people = call_programme(datetime.date(2026, 11, 27))
    clock.move_to(paris(2026, 11, 24, 9, 0), tick=False)
    delivery.create_due(due_at(paris(2026, 11, 24, 9, 0)))  # the broker was down
    ProblemSubmissionFactory(programme=programme, author=people["agent"], submitted=True)

    emails = run_at(clock, paris(2026, 11, 24, 9, 5))

    assert people["agent"].email not in recipients(emails)
    skipped = Notification.objects.get(recipient=people["agent"])
    assert skipped.status == Notification.Status.SKIPPED


def test_a_holiday_delays_the_call_reminder_to_the_next_working_day(clock):
    # The call closes on Saturday 14 November: three days before is Armistice day.
    programme, people = call_programme(datetime.date(2026, 11, 14))

    assert run_at(clock, paris(2026, 11, 11, 9, 0)) == []
    emails = run_at(clock, paris(2026, 11, 12, 9, 0))

    assert len(emails) == 3


def test_no_call_reminder_once_the_call_is_closed(clock):
    programme, people = call_programme(datetime.date(2026, 11, 27))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.SELECTION)

    assert run_at(clock, paris(2026, 11, 24, 9, 0)) == []


def test_a_postponed_call_is_announced_again(clock):
    programme, people = call_programme(datetime.date(2026, 11, 27))
    run_at(clock, paris(2026, 11, 24, 9, 0))
    Programme.objects.filter(pk=programme.pk).update(call_closes_on=datetime.date(2026, 12, 4))

    assert run_at(clock, paris(2026, 11, 27, 9, 0)) == []
    assert len(run_at(clock, paris(2026, 12, 1, 9, 0))) == 3
    assert Membership.objects.filter(collectivity__programmes=programme).count() == 5
