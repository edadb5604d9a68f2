"""The ANCT team's actions on a log: reopen it when locked, mark its help request as
handled."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from investigations.access import follow_up_permissions
from investigations.services import REOPEN_DAYS
from programmes.models import Programme
from tests.investigations.factories import WeeklyLogFactory


@pytest.fixture
def locked_log(investigation):
    """Week 1's log: its deadline (the end of week 2) has passed."""
    return WeeklyLogFactory(investigation=investigation, week=1, submitted=True)


@pytest.fixture
def help_log(investigation):
    return WeeklyLogFactory(
        investigation=investigation,
        week=3,
        submitted=True,
        help_request="Pouvez-vous nous présenter la directrice de la CAF ?",
    )


def anchor_url(investigation, log):
    detail = reverse("investigations:investigation_detail", args=[investigation.pk])
    return f"{detail}#suivi-journal-{log.pk}"


def test_reopening_a_log_unlocks_it_for_a_week(client, investigation, locked_log):
    assert locked_log.is_locked()
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:log_reopen", args=[investigation.pk, locked_log.pk]),
        follow=True,
    )

    locked_log.refresh_from_db()
    assert locked_log.reopened_until == timezone.localdate() + datetime.timedelta(REOPEN_DAYS)
    assert not locked_log.is_locked()
    assert response.redirect_chain == [(anchor_url(investigation, locked_log), 302)]
    assert "Le journal de la semaine 1 est rouvert jusqu’au" in (
        str(list(response.context["messages"])[0])
    )


def test_a_log_of_a_closed_programme_cannot_be_reopened(client, investigation, locked_log):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:log_reopen", args=[investigation.pk, locked_log.pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert str(list(response.context["messages"])[0]).startswith(
        "Le programme n’est pas en phase d’investigation"
    )
    locked_log.refresh_from_db()
    assert locked_log.reopened_until is None


def test_marking_help_as_handled_records_who_and_when(client, investigation, help_log):
    designer = investigation.programme.designer
    client.force_login(designer)

    response = client.post(
        reverse("investigations:help_handled", args=[investigation.pk, help_log.pk])
    )

    assert response.status_code == 302
    assert response.url == anchor_url(investigation, help_log)
    help_log.refresh_from_db()
    assert help_log.help_handled_by == designer
    assert help_log.help_handled_at is not None
    assert not help_log.has_open_help_request


def render_actions(user, investigation, log):
    request = RequestFactory().get("/")
    request.user = user
    context = {**follow_up_permissions(user, investigation), "investigation": investigation}
    return render_to_string(
        "investigations/follow_up/includes/log_actions.html",
        {**context, "log": log},
        request=request,
    )


def test_the_anct_team_gets_the_buttons_on_a_locked_log_with_open_help(investigation):
    log = WeeklyLogFactory(
        investigation=investigation, week=1, submitted=True, help_request="Un contact ?"
    )

    html = render_actions(investigation.programme.coach, investigation, log)

    assert "Rouvrir le journal" in html
    assert "Marquer l’aide comme traitée" in html
    assert reverse("investigations:log_reopen", args=[investigation.pk, log.pk]) in html


def test_the_team_sees_the_state_of_its_log_without_the_buttons(investigation, locked_log):
    member = investigation.team.first()

    html = render_actions(member, investigation, locked_log)

    assert "Journal verrouillé" in html
    assert "<form" not in html


def test_an_open_log_without_help_has_no_buttons(investigation):
    log = WeeklyLogFactory(investigation=investigation, week=4, submitted=True)

    html = render_actions(investigation.programme.coach, investigation, log)

    assert "<form" not in html
