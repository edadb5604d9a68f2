"""The investment committee's grid: the ANCT team fills it, the team and referents read it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import CommitteeReview
from investigations.models.outcome import COMMITTEE_CRITERIA
from investigations.services import committee_save
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory


def url(investigation):
    return reverse("investigations:committee_review", args=[investigation.pk])


def grid(**overrides):
    data = {}
    for index, (name, _label) in enumerate(COMMITTEE_CRITERIA):
        data[f"{name}_score"] = str(index % 5 + 1)
        data[f"{name}_comment"] = f"Commentaire {name}"
    data.update(
        decision="pivot",
        decision_notes="Recentrer sur les rappels",
        decided_on="2026-03-12",
        version="",
    )
    data.update(overrides)
    return data


def saved_review(investigation, by, **fields):
    review = CommitteeReview(investigation=investigation, **fields)
    return committee_save(review=review, by=by)


@pytest.mark.parametrize("role", ["coach", "designer", "admin"])
def test_the_anct_team_fills_the_grid_and_decides(client, investigation, role):
    programme = investigation.programme
    user = {"coach": programme.coach, "designer": programme.designer}.get(role) or UserFactory(
        admin=True
    )
    client.force_login(user)
    response = client.get(url(investigation))
    assertContains(response, "L’adéquation des intrapreneurs : note de 1 à 5")
    assertContains(response, 'type="radio"', count=7 * 5 + 5)

    response = client.post(url(investigation), grid())

    assert response.status_code == 302
    review = CommitteeReview.objects.get(investigation=investigation)
    assert [score for _label, score, _comment in review.criteria()] == [1, 2, 3, 4, 5, 1, 2]
    assert review.existing_solutions_comment == "Commentaire existing_solutions"
    assert (review.decision, str(review.decided_on), review.updated_by) == (
        "pivot",
        "2026-03-12",
        user,
    )
    assertContains(client.get(url(investigation)), 'name="version" value="1"')


def test_the_grid_can_be_filled_in_several_sittings(client, investigation):
    client.force_login(investigation.programme.coach)

    client.post(url(investigation), {"problem_score": "4", "problem_comment": "Réel"})
    client.post(url(investigation), grid(problem_score="5", version="1"))

    review = CommitteeReview.objects.get()
    assert (review.problem_score, review.decision, review.version) == (5, "pivot", 2)


@pytest.mark.parametrize("score", ["0", "6", "-1", "trois"])
def test_scores_outside_one_to_five_are_refused(client, investigation, score):
    client.force_login(investigation.programme.coach)

    response = client.post(url(investigation), grid(size_score=score))

    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, "Choisissez une note entre 1 et 5.", count=2)
    # Nothing typed is lost.
    assertContains(response, "Commentaire size</textarea>")
    assertContains(response, "Recentrer sur les rappels</textarea>")
    assert not CommitteeReview.objects.exists()


def test_a_decision_needs_the_committee_date(client, investigation):
    client.force_login(investigation.programme.coach)

    response = client.post(url(investigation), grid(decided_on=""))

    assertContains(response, "Indiquez la date du comité qui a pris cette décision.", count=2)
    assert not CommitteeReview.objects.exists()


def test_concurrent_edits_are_detected_and_the_typed_grid_kept(client, investigation):
    programme = investigation.programme
    saved_review(investigation, programme.coach, problem_comment="Version du coach")
    client.force_login(programme.designer)

    # The designer opened the blank grid before the coach saved.
    response = client.post(url(investigation), grid(problem_comment="Version du designer"))

    assertContains(response, "Modification concurrente")
    assertContains(response, "Version du coach")
    assertContains(response, "Version du designer</textarea>")
    assertContains(response, 'name="version" value="1"')
    review = CommitteeReview.objects.get()
    assert (review.problem_comment, review.updated_by) == ("Version du coach", programme.coach)


@pytest.mark.parametrize("role", ["member", "referent"])
def test_the_team_and_referents_read_the_grid_without_a_form(client, investigation, role):
    saved_review(
        investigation,
        investigation.programme.coach,
        users_score=4,
        users_comment="Usagers bien identifiés",
        decision="build",
        decided_on="2026-03-12",
    )
    if role == "member":
        user = investigation.team.first()
    else:
        collectivity = investigation.programme.collectivities.get()
        user = MembershipFactory(referent=True, collectivity=collectivity).user
    client.force_login(user)

    response = client.get(url(investigation))
    assertContains(response, "Usagers bien identifiés")
    assertContains(response, "Lancer la construction d’un service")
    assertNotContains(response, 'type="radio"')

    response = client.post(url(investigation), grid(version="1"))
    assert response.status_code == 403
    assert CommitteeReview.objects.get().decision == "build"


@pytest.mark.parametrize("role", ["other_team", "other_collectivity", "other_coach"])
def test_outsiders_get_404(client, investigation, role):
    if role == "other_team":
        user = InvestigationFactory(programme=investigation.programme).team.first()
    elif role == "other_coach":
        user = InvestigationFactory().programme.coach
    else:
        user = MembershipFactory(referent=True).user
    client.force_login(user)

    assert client.get(url(investigation)).status_code == 404
    assert client.post(url(investigation), grid()).status_code == 404
    assert not CommitteeReview.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, investigation):
    response = client.get(url(investigation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_closed_programme_locks_the_grid(client, investigation):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)
    client.force_login(investigation.programme.coach)

    response = client.get(url(investigation))
    assertContains(response, "Le programme est clos")
    assertContains(response, "ne s’est pas encore prononcé")
    assertNotContains(response, 'type="radio"')

    response = client.post(url(investigation), grid(decision_notes="Écrit trop tard"))
    assertContains(response, "Enregistrement refusé")
    assertContains(response, "Écrit trop tard")
    assert not CommitteeReview.objects.exists()
