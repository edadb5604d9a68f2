"""`manage.py anonymise_inactive` and its daily task: an account without activity for
RGPD_INACTIVITY_DAYS (3 years) is warned RGPD_WARNING_DAYS (30) before, then anonymised
unless its owner logged in."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from incubateur.notifications import delivery
from incubateur.notifications.models import Notification
from incubateur.privacy.services import retention_run
from incubateur.privacy.tasks import anonymise_inactive_accounts
from tests.factories import UserFactory

PARIS = ZoneInfo("Europe/Paris")
LAST_LOGIN = datetime.datetime(2023, 1, 10, 9, 0, tzinfo=PARIS)
# Warned once inactive for 3 years minus 30 days; anonymised 30 days after the warning.
WARNING_DUE = LAST_LOGIN + datetime.timedelta(days=1095 - 30)


@pytest.fixture
def clock():
    with time_machine.travel(LAST_LOGIN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def dormant(clock):
    return UserFactory(first_name="Camille", email="camille@lehavre.fr", last_login=LAST_LOGIN)


@pytest.fixture
def run(clock, django_capture_on_commit_callbacks):
    """Run the command at a moment, emails sent after each commit; return its output."""

    def run_at(moment, *args):
        clock.move_to(moment, tick=False)
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("anonymise_inactive", *args, stdout=out)
        return out.getvalue()

    return run_at


def refreshed(user):
    user.refresh_from_db()
    return user


def test_an_account_is_warned_once_its_inactivity_nears_the_period(run, dormant):
    run(WARNING_DUE)
    assert refreshed(dormant).inactivity_warned_at is None
    assert mail.outbox == []

    output = run(WARNING_DUE + datetime.timedelta(minutes=1))

    assert f"account {dormant.pk} was warned" in output
    assert refreshed(dormant).inactivity_warned_at == WARNING_DUE + datetime.timedelta(minutes=1)
    [email] = mail.outbox
    assert email.to == ["camille@lehavre.fr"]
    assert email.subject == "Votre compte Investigations sera anonymisé le 9 janvier 2026"
    assert "Bonjour Camille," in email.body
    assert "depuis le 10 janvier 2023" in email.body
    assert "il suffit de vous connecter" in email.body
    assert "/comptes/login/" in email.body
    assert "Personne anonymisée" in email.alternatives[0].content


def test_an_account_is_not_warned_twice(run, dormant):
    run(WARNING_DUE + datetime.timedelta(days=1))

    output = run(WARNING_DUE + datetime.timedelta(days=2))

    assert "0 warned, 0 anonymised." in output
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind="inactivity_warning").count() == 1


def test_a_warned_account_is_anonymised_once_the_warning_delay_is_over(run, dormant):
    warned_at = WARNING_DUE + datetime.timedelta(days=1)
    run(warned_at)

    run(warned_at + datetime.timedelta(days=30) - datetime.timedelta(minutes=1))
    assert refreshed(dormant).anonymised_at is None

    output = run(warned_at + datetime.timedelta(days=30))

    assert f"account {dormant.pk} was anonymised" in output
    dormant = refreshed(dormant)
    assert dormant.anonymised_at is not None
    assert dormant.email == f"anonyme-{dormant.pk}@anonyme.invalid"
    assert not dormant.is_active
    # And then it is left alone.
    assert "0 warned, 0 anonymised." in run(warned_at + datetime.timedelta(days=31))


def test_logging_in_after_the_warning_keeps_the_account(run, dormant, client):
    warned_at = WARNING_DUE + datetime.timedelta(days=1)
    run(warned_at)
    run(warned_at + datetime.timedelta(days=3))
    client.force_login(dormant)  # sets last_login, as every login does

    run(warned_at + datetime.timedelta(days=30))

    assert refreshed(dormant).anonymised_at is None
    assert len(mail.outbox) == 1
    # Its inactivity starts again from that login.
    run(warned_at + datetime.timedelta(days=3 + 1065, minutes=1))
    assert len(mail.outbox) == 2


def test_a_warning_whose_owner_logged_in_before_its_delivery_is_not_sent(clock, dormant):
    clock.move_to(WARNING_DUE + datetime.timedelta(days=1), tick=False)
    retention_run(now=WARNING_DUE + datetime.timedelta(days=1))  # the broker is down
    clock.move_to(WARNING_DUE + datetime.timedelta(days=2), tick=False)
    dormant.last_login = WARNING_DUE + datetime.timedelta(days=2)
    dormant.save()

    notification = Notification.objects.get(kind="inactivity_warning")
    assert delivery.deliver(notification.pk) == Notification.Status.SKIPPED
    assert mail.outbox == []


def test_an_account_never_logged_in_counts_from_its_sign_up(run, clock):
    newcomer = UserFactory(last_login=None)

    run(WARNING_DUE + datetime.timedelta(minutes=1))

    assert refreshed(newcomer).inactivity_warned_at is not None


def test_a_deactivated_account_is_anonymised_after_the_period_without_warning(run, clock):
    deactivated = UserFactory(last_login=LAST_LOGIN, is_active=False)

    run(WARNING_DUE + datetime.timedelta(days=1))
    assert refreshed(deactivated).inactivity_warned_at is None
    assert refreshed(deactivated).anonymised_at is None

    run(LAST_LOGIN + datetime.timedelta(days=1095, minutes=1))

    assert refreshed(deactivated).anonymised_at is not None
    assert mail.outbox == []


def test_a_dry_run_changes_nothing(run, dormant):
    warned = UserFactory(last_login=LAST_LOGIN)
    run(WARNING_DUE + datetime.timedelta(days=1))  # warns both
    mail.outbox.clear()
    UserFactory(last_login=LAST_LOGIN + datetime.timedelta(days=20))

    output = run(WARNING_DUE + datetime.timedelta(days=40), "--dry-run")

    assert f"account {dormant.pk} would be anonymised" in output
    assert f"account {warned.pk} would be anonymised" in output
    assert "1 warned, 2 anonymised; nothing changed." in output
    assert refreshed(dormant).anonymised_at is None
    assert refreshed(warned).anonymised_at is None
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_the_last_admin_is_kept_and_reported(run, clock):
    admin = UserFactory(admin=True, last_login=LAST_LOGIN)
    run(WARNING_DUE + datetime.timedelta(days=1))

    output = run(WARNING_DUE + datetime.timedelta(days=40))

    assert f"account {admin.pk} kept: Votre compte est le dernier compte" in output
    assert refreshed(admin).is_active


def test_admins_are_anonymised_like_everyone_when_another_admin_remains(run, clock):
    UserFactory(admin=True, last_login=WARNING_DUE + datetime.timedelta(days=35))
    admin = UserFactory(admin=True, last_login=LAST_LOGIN)
    run(WARNING_DUE + datetime.timedelta(days=1))

    run(WARNING_DUE + datetime.timedelta(days=40))

    assert refreshed(admin).anonymised_at is not None


def test_active_accounts_are_left_alone(run, clock):
    regular = UserFactory(last_login=WARNING_DUE - datetime.timedelta(days=10))

    output = run(WARNING_DUE + datetime.timedelta(days=5))

    assert "0 warned, 0 anonymised." in output
    assert refreshed(regular).inactivity_warned_at is None


def test_the_periods_come_from_the_settings(run, clock, settings):
    settings.RGPD_INACTIVITY_DAYS = 365
    settings.RGPD_WARNING_DAYS = 10
    user = UserFactory(last_login=LAST_LOGIN)

    run(LAST_LOGIN + datetime.timedelta(days=355, minutes=1))
    run(LAST_LOGIN + datetime.timedelta(days=365, minutes=1))

    assert refreshed(user).anonymised_at is not None


def test_the_daily_task_runs_the_same_selection(clock, dormant):
    clock.move_to(WARNING_DUE + datetime.timedelta(days=1), tick=False)

    assert anonymise_inactive_accounts() == {"warned": 1, "anonymised": 0}
    assert refreshed(dormant).inactivity_warned_at is not None


def test_beat_runs_it_every_day():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-inactive-accounts"]

    assert entry["task"] == "incubateur.privacy.tasks.anonymise_inactive_accounts"
    assert entry["schedule"].hour == {3}
