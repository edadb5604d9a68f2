"""The call's setting: a programme whose call is open, its collectivité and an agent of
it. The selection's modules define their own `programme`."""

import pytest

from tests.programmes.factories import MembershipFactory, ProgrammeFactory


@pytest.fixture
def programme():
    return ProgrammeFactory(call_open=True)


@pytest.fixture
def collectivity(programme):
    return programme.collectivities.get()


@pytest.fixture
def agent(collectivity):
    return MembershipFactory(collectivity=collectivity).user
