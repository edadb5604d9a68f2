"""Closing the call asks for confirmation, states what happens, records the real closing
date and tells the authors of problems and drafts."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from intrapreneurs.services import programme_close_call
from programmes.models import Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 4, 10, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def programme():
    return ProgrammeFactory(
        call_open=True,
        name="Le Havre 2026",
        call_opens_on=datetime.date(2026, 11, 2),
        call_closes_on=datetime.date(2026, 12, 18),
        investigation_starts_on=datetime.date(2027, 1, 14),
    )


@pytest.fixture
def referent(programme):
    return MembershipFactory(referent=True, collectivity=programme.collectivities.get()).user


@pytest.fixture
def problems(programme):
    """Two problems submitted by two agents; two drafts, one by a third agent."""
    first = ProblemSubmissionFactory(programme=programme, submitted=True, title="Courriers")
    ProblemSubmissionFactory(programme=programme, submitted=True, title="Standard")
    ProblemSubmissionFactory(programme=programme, author=first.author, title="Brouillon 1")
    draft = ProblemSubmissionFactory(programme=programme, title="Cantine à compléter")
    return {"submitter": first.author, "draft_owner": draft.author}


def confirm_url(programme):
    return reverse("programmes:close_call_confirm", args=[programme.slug])


def transition_url(programme):
    return reverse("programmes:programme_transition", args=[programme.slug])


def test_the_confirmation_states_the_date_the_drafts_and_the_people_told(
    client, programme, referent, problems
):
    client.force_login(referent)

    response = client.get(confirm_url(programme))

    assertContains(
        response,
        "L’appel sera clos aujourd’hui, le 4 décembre 2026, au lieu du 18 décembre 2026 prévu",
    )
    assertContains(response, "2 problèmes déposés passent au comité de sélection.")
    assertContains(response, "2 brouillons non soumis seront perdus pour l’appel")
    assertContains(response, "3 agents ayant déposé un problème ou un brouillon en seront informés")
    assertContains(response, 'name="confirmed"')
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN


def test_a_post_without_confirmation_only_leads_to_the_confirmation(
    client, programme, referent, problems, mailoutbox
):
    client.force_login(referent)

    response = client.post(transition_url(programme), {"action": "close_call"})

    assertRedirects(response, confirm_url(programme))
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CALL_OPEN
    assert mailoutbox == []


def test_closing_early_records_the_real_date_and_tells_the_authors(
    client, programme, referent, problems, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(referent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            transition_url(programme), {"action": "close_call", "confirmed": "1"}, follow=True
        )

    assertContains(response, "L’appel est clos : la sélection commence.")
    assertContains(response, "Appel à problèmes du 2 novembre 2026 au 4 décembre 2026")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION
    assert programme.call_closes_on == TODAY
    bodies = {email.to[0]: email.body for email in mailoutbox}
    assert len(mailoutbox) == 3
    assert {email.subject for email in mailoutbox} == {
        "L’appel à problèmes « Le Havre 2026 » est clos"
    }
    submitter = bodies[problems["submitter"].email]
    assert "a été clos le 4 décembre 2026" in submitter
    assert "- Courriers" in submitter
    assert "- Brouillon 1" in submitter
    draft_owner = bodies[problems["draft_owner"].email]
    assert "- Cantine à compléter" in draft_owner
    assert "il ne peut plus être soumis à cet appel" in draft_owner
    assert "passe maintenant au comité" not in draft_owner


def test_closing_after_the_planned_date_keeps_it(programme, problems):
    with time_machine.travel(datetime.datetime(2026, 12, 21, 10, tzinfo=datetime.UTC)):
        programme_close_call(programme=programme, by=programme.coach)

    programme.refresh_from_db()
    assert programme.call_closes_on == datetime.date(2026, 12, 18)


def test_a_call_opened_before_its_planned_opening_keeps_its_dates_in_order(problems):
    early = ProgrammeFactory(
        call_open=True,
        call_opens_on=datetime.date(2026, 12, 10),
        call_closes_on=datetime.date(2026, 12, 18),
        investigation_starts_on=datetime.date(2027, 1, 14),
    )
    ProblemSubmissionFactory(programme=early, submitted=True)

    programme_close_call(programme=early, by=early.coach)

    early.refresh_from_db()
    assert (early.call_opens_on, early.call_closes_on) == (TODAY, TODAY)


def test_agents_may_not_see_the_confirmation(client, programme):
    client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

    assert client.get(confirm_url(programme)).status_code == 403


def test_referents_of_another_collectivity_get_404(client, programme):
    client.force_login(MembershipFactory(referent=True).user)

    assert client.get(confirm_url(programme)).status_code == 404


def test_a_call_already_closed_sends_back_to_the_programme(client):
    programme = ProgrammeFactory(selection=True)
    client.force_login(UserFactory(admin=True))

    response = client.get(confirm_url(programme), follow=True)

    assertRedirects(response, reverse("programmes:programme_detail", args=[programme.slug]))
    assertContains(response, "L’appel à problèmes de ce programme n’est pas ouvert.")
