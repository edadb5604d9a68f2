from programmes.models import Membership, Programme
from programmes.validators import siren_is_valid
from tests.programmes.factories import (
    CollectivityFactory,
    InvitationFactory,
    MembershipFactory,
    ProgrammeFactory,
)


def test_factories_build_valid_objects():
    collectivity = CollectivityFactory(domains=["exemple.fr"])
    referent = MembershipFactory(referent=True, collectivity=collectivity)
    programme = ProgrammeFactory(call_open=True, collectivities=[collectivity])

    collectivity.full_clean()
    programme.full_clean()
    assert siren_is_valid(collectivity.siren)
    assert referent.role == Membership.Role.REFERENT
    assert programme.accepts_submissions()
    assert list(programme.collectivities.all()) == [collectivity]
    assert not InvitationFactory(expired=True).is_usable


def test_programme_factory_dates_fit_each_status():
    for status in Programme.Status.values:
        programme = ProgrammeFactory(**{status: True})
        programme.full_clean()
        assert programme.status == status
