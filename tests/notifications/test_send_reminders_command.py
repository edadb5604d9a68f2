"""`manage.py send_reminders [--at ISO-DATETIME] [--dry-run]`: the five-minute selection,
run by hand and sent without the broker."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import due_at
from investigations.models import CommitteeReview
from tests.investigations.factories import InvestigationFactory
from tests.notifications.conftest import paris, submit_logs
from tests.programmes.factories import MembershipFactory


def send_reminders(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_prints_what_is_due_and_sends_nothing(saturday, investigation):
    output = send_reminders("--at", "2026-11-26T17:00", "--dry-run")

    assert "Due at 2026-11-26T17:00:00+01:00:" in output
    for user in investigation.team.all():
        assert f"Rappel du journal, jour d’investigation → {user.email}" in output
    assert output.count("à envoyer") == 2
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_sends_what_is_due_then_nothing_more(saturday, investigation):
    output = send_reminders("--at", "2026-11-26T17:00")

    assert output.count(": sent") == 2
    assert "2 email(s) sent." in output
    assert len(mail.outbox) == 2

    again = send_reminders("--at", "2026-11-26T17:30")

    assert again.count("Envoyée") == 2
    assert "0 email(s) sent." in again
    assert len(mail.outbox) == 2


def test_it_explains_what_it_skips(saturday, investigation):
    delivery.create_due(due_at(paris(2026, 11, 26, 17)))  # and the broker was down all night

    output = send_reminders("--at", "2026-11-27T08:00")

    assert output.count("skipped: Le moment de ce rappel est passé.") == 2
    assert mail.outbox == []


def test_a_malformed_moment_is_refused():
    with pytest.raises(CommandError, match="not an ISO 8601 date and time"):
        send_reminders("--at", "jeudi soir")


@pytest.mark.parametrize("size", [1, 4])
def test_it_runs_a_fixed_number_of_queries_whatever_is_due(
    saturday, programme, django_assert_num_queries, size
):
    for _ in range(size):
        investigation = submit_logs(InvestigationFactory(programme=programme), range(1, 9))
        # Its three-month check-in falls due on 26 November too.
        CommitteeReview.objects.create(
            investigation=investigation, decision="build", decided_on=datetime.date(2026, 8, 26)
        )
    # The programme's collectivité (every problem's): asked with each team.
    MembershipFactory(collectivity=investigation.submission.collectivity, referent=True)
    delivery.create_due(due_at(paris(2026, 11, 26, 17)))
    Notification.objects.update(status=Notification.Status.SENT)

    # what is due, by kind: the calls closing (programmes); the check-ins (investigations
    # due at 3, 6 and 12 months; their teams, referents and the users asked; the answers)
    # and their reminders (check-ins sent); the session reminders (sessions, their teams)
    # and second reminders (sessions); the coach alerts; the purges (admins, programmes);
    # then the rows already there for all of them, creating the missing ones, and the
    # sweep (giving up, selecting)
    with django_assert_num_queries(19):
        output = send_reminders("--at", "2026-11-26T17:30")

    assert output.count("Rappel du journal, jour d’investigation") == 2 * size
    assert output.count("Point de suivi après le comité") == 3 * size
    assert output.count(": Envoyée") == 5 * size
    assert "0 email(s) sent." in output
