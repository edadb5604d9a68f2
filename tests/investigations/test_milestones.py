"""Milestones: the ANCT team marks them done with a date and a note, or undoes it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.audit.models import AuditEvent
from investigations.models import Milestone
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory


@pytest.fixture
def milestone(investigation):
    return investigation.milestones.get(kind=Milestone.Kind.MID_POINT)


def follower(role, investigation):
    programme = investigation.programme
    return {"coach": programme.coach, "designer": programme.designer}.get(role) or UserFactory(
        admin=True
    )


def url(milestone):
    return reverse(
        "investigations:milestone_update", args=[milestone.investigation_id, milestone.pk]
    )


def detail_url(investigation):
    return reverse("investigations:investigation_detail", args=[investigation.pk])


@pytest.mark.parametrize("role", ["coach", "designer", "admin"])
def test_the_anct_team_marks_a_milestone_done_with_a_date_and_a_note(
    client, investigation, milestone, role
):
    user = follower(role, investigation)
    client.force_login(user)
    response = client.get(url(milestone))
    assertContains(response, "Marquer comme réalisé")
    # Today is offered by default.
    assertContains(response, f'value="{timezone.localdate().isoformat()}"')
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    assertContains(response, 'name="version" value="1"')

    response = client.post(
        url(milestone),
        {
            "action": "done",
            "done_on": yesterday.isoformat(),
            "note": "Point très riche",
            "version": "1",
        },
    )

    assert response.status_code == 302
    assert response.url == detail_url(investigation) + "#jalons"
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.note, milestone.done_by, milestone.version) == (
        yesterday,
        "Point très riche",
        user,
        2,
    )


def test_a_done_milestone_can_be_undone(client, investigation, milestone):
    milestone.done_on = timezone.localdate()
    milestone.save()
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(milestone), {"action": "undo", "done_on": "", "note": "Reporté", "version": "1"}
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.done_by, milestone.note) == (None, None, "Reporté")


def test_two_followers_on_the_same_version_the_second_is_told_and_keeps_their_note(
    client, investigation, milestone
):
    programme = investigation.programme
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # Both opened the milestone on version 1; the coach saves first.
    client.force_login(programme.coach)
    client.post(
        url(milestone),
        {"action": "done", "done_on": yesterday.isoformat(), "note": "Note du coach", "version": 1},
    )

    client.force_login(programme.designer)
    response = client.post(
        url(milestone),
        {
            "action": "done",
            "done_on": timezone.localdate().isoformat(),
            "note": "Note du designer",
            "version": 1,
        },
    )

    assert response.status_code == 200
    assertContains(response, "Modification concurrente")
    assertContains(response, "a été modifié par quelqu’un d’autre depuis que vous avez ouvert")
    # The saved note is shown; the designer's is kept in the form, over version 2.
    assertContains(response, "La note enregistrée")
    assertContains(response, "Note du coach")
    assertContains(response, "Note du designer</textarea>")
    assertContains(response, f'value="{timezone.localdate().isoformat()}"')
    assertContains(response, 'name="version" value="2"')
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.note, milestone.done_by, milestone.version) == (
        yesterday,
        "Note du coach",
        programme.coach,
        2,
    )
    assert AuditEvent.objects.filter(action="milestone.marked").count() == 1

    # Saving again, knowingly, goes over the version now shown.
    client.post(
        url(milestone),
        {"action": "done", "done_on": yesterday.isoformat(), "note": "Les deux", "version": 2},
    )
    milestone.refresh_from_db()
    assert (milestone.note, milestone.done_by, milestone.version) == (
        "Les deux",
        programme.designer,
        3,
    )


@pytest.mark.parametrize(
    ("done_on", "message"),
    [
        ("", "Indiquez la date à laquelle ce jalon a été réalisé."),
        ("2026-02-31", "Saisissez une date valide."),
        (
            (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
            "Un jalon ne peut pas être réalisé à une date future.",
        ),
    ],
)
def test_a_missing_invalid_or_future_date_is_refused_in_french(
    client, investigation, milestone, done_on, message
):
    client.force_login(investigation.programme.coach)

    response = client.post(url(milestone), {"action": "done", "done_on": done_on, "note": "Gardé"})

    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, message, count=2)
    assertContains(response, "Gardé</textarea>")
    milestone.refresh_from_db()
    assert milestone.done_on is None


@pytest.mark.parametrize("role", ["member", "referent"])
def test_the_team_and_referents_read_but_cannot_mark(client, investigation, milestone, role):
    if role == "member":
        user = investigation.team.first()
    else:
        collectivity = investigation.programme.collectivities.get()
        user = MembershipFactory(referent=True, collectivity=collectivity).user
    client.force_login(user)

    response = client.get(url(milestone))
    assertContains(response, "Point d’étape à mi-parcours")
    assertContains(response, "le coach et le designer du programme le marquent")
    assertNotContains(response, 'name="done_on"')

    response = client.post(url(milestone), {"done_on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None


@pytest.mark.parametrize("role", ["other_team", "other_collectivity", "other_coach"])
def test_outsiders_get_404(client, investigation, milestone, role):
    if role == "other_team":
        user = InvestigationFactory(programme=investigation.programme).team.first()
    elif role == "other_coach":
        user = InvestigationFactory().programme.coach
    else:
        user = MembershipFactory(referent=True).user
    client.force_login(user)

    assert client.get(url(milestone)).status_code == 404
    assert client.post(url(milestone), {"done_on": "2026-01-01"}).status_code == 404


def test_a_milestone_of_another_investigation_is_a_404(client, investigation):
    elsewhere = InvestigationFactory(programme=investigation.programme).milestones.first()
    client.force_login(investigation.programme.coach)

    response = client.get(
        reverse("investigations:milestone_update", args=[investigation.pk, elsewhere.pk])
    )

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, milestone):
    response = client.get(url(milestone))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_closed_programme_locks_milestones(client, investigation, milestone):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)
    client.force_login(investigation.programme.coach)

    response = client.get(url(milestone))
    assertContains(response, "Le programme est clos")
    assertNotContains(response, 'name="done_on"')

    response = client.post(
        url(milestone), {"action": "done", "done_on": "2026-01-05", "note": "Trop tard"}
    )
    assertContains(response, "Enregistrement refusé")
    assertContains(response, "Trop tard")
    milestone.refresh_from_db()
    assert milestone.done_on is None
