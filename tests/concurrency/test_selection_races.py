"""Races of the selection committee, sent in parallel through a live server: the
database keeps « one intrapreneur, one team per programme » and « one investigation per
selected problem », and the member who loses gets a French message, never a 500.

These run on SQLite (writers queue) and on PostgreSQL (row locks), as CI does."""

import os

import pytest
from django.urls import reverse

from intrapreneurs.models import TeamAssignment
from investigations.models import Investigation, TeamMembership
from programmes.models import Programme
from tests.concurrency.parallel import DEFAULT_TRIALS, Browser, together
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = int(os.environ.get("RACE_TRIALS", DEFAULT_TRIALS))
# Two problems selected for a target of six: finalising asks to confirm it.
CONFIRMED = {"below_target": "on"}


def committee(programme):
    """Two members of the programme's committee: a referent and the coach."""
    referent = MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user
    return Browser(referent), Browser(programme.coach)


def team_url(live_server, submission):
    path = reverse("intrapreneurs:team_assign", args=[submission.programme.slug, submission.pk])
    return live_server.url + path


def team_of(candidacy, submission):
    return {"candidacies": [candidacy.pk], "version": submission.version}


def test_one_volunteer_assigned_to_two_problems_at_once_joins_one_team(live_server):
    for _trial in range(TRIALS):
        programme = ProgrammeFactory(selection=True)
        referent, coach = committee(programme)
        first, second = ProblemSubmissionFactory.create_batch(2, selected=True, programme=programme)
        volunteer = CandidacyFactory(programme=programme, manager_agrees=True)

        results = together(
            (referent.post, team_url(live_server, first), team_of(volunteer, first)),
            (coach.post, team_url(live_server, second), team_of(volunteer, second)),
        )

        statuses = sorted(status for status, _body in results)
        assert TeamAssignment.objects.filter(candidacy=volunteer).count() == 1
        assert statuses == [200, 302], statuses
        refusal = next(body for status, body in results if status == 200)
        assert "Déjà dans l’équipe d’un autre problème" in refusal


def test_two_finalisations_at_once_start_one_investigation_per_problem(live_server):
    for _trial in range(TRIALS):
        programme = ProgrammeFactory(selection=True)
        referent, coach = committee(programme)
        problems = ProblemSubmissionFactory.create_batch(2, selected=True, programme=programme)
        for problem in problems:
            problem.intrapreneurs.set(
                CandidacyFactory.create_batch(2, programme=programme, manager_agrees=True)
            )
        url = live_server.url + reverse("intrapreneurs:selection_finalise", args=[programme.slug])

        results = together((referent.post, url, CONFIRMED), (coach.post, url, CONFIRMED))

        # Both are sent back to a page that says what happened (started, or already done).
        assert [status for status, _body in results] == [302, 302]
        programme.refresh_from_db()
        assert programme.status == Programme.Status.INVESTIGATION
        assert Investigation.objects.filter(programme=programme).count() == 2
        assert TeamMembership.objects.filter(programme=programme).count() == 4
