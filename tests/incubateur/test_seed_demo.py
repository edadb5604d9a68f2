import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Model

from incubateur.accounts.models import User
from incubateur.demo import DEMO_PASSWORD, DEMO_USERS
from programmes.models import Collectivity, Membership, Programme


def snapshot():
    """Every demo row, without volatile timestamps, to compare two runs."""

    def rows(model: type[Model], *fields):
        return sorted(model.objects.values_list(*fields))

    return {
        "users": rows(User, "pk", "email", "first_name", "last_name", "is_staff"),
        "emails": rows(EmailAddress, "pk", "email", "verified", "primary"),
        "collectivities": rows(Collectivity, "pk", "siren", "name", "kind"),
        "memberships": rows(Membership, "pk", "user__email", "collectivity__siren", "role"),
        "programmes": rows(
            Programme, "pk", "slug", "status", "call_opens_on", "coach__email", "weeks"
        ),
        "programme_collectivities": rows(Programme, "slug", "collectivities__siren"),
    }


def test_it_is_idempotent(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    assert len(first["users"]) == len(DEMO_USERS)


def test_it_creates_every_role_and_the_le_havre_programme(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for spec in DEMO_USERS:
        assert spec.email in out
        user = User.objects.get(email=spec.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(email=spec.email).verified
    programme = Programme.objects.get(slug="le-havre-2026")
    assert sorted(programme.collectivities.values_list("name", flat=True)) == [
        "Le Havre Seine Métropole",
        "Ville du Havre",
    ]
    assert programme.coach.email == "coach@anct.gouv.fr"
    assert programme.designer.email == "designer@anct.gouv.fr"
    assert Membership.objects.filter(role=Membership.Role.REFERENT).count() == 2


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_force_runs_it_with_debug_off(settings):
    settings.DEBUG = False

    call_command("seed_demo", "--force")

    assert User.objects.count() == len(DEMO_USERS)
