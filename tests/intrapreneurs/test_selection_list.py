import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from intrapreneurs.models import ProblemSubmission
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.programmes.factories import MembershipFactory, ProgrammeFactory


@pytest.fixture
def programme():
    return ProgrammeFactory(selection=True, target_problems=6)


@pytest.fixture
def coach_client(client, programme):
    client.force_login(programme.coach)
    return client


def list_url(programme, **params):
    url = reverse("intrapreneurs:selection_list", args=[programme.slug])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def submission(programme, title, scores=(), **fields):
    made = ProblemSubmissionFactory(submitted=True, programme=programme, title=title, **fields)
    for score in scores:
        SelectionReviewFactory(
            submission=made, impact_score=score, scale_score=score, feasibility_score=score
        )
    return made


def titles_in_order(response, *titles):
    content = response.content.decode()
    positions = [content.index(title) for title in titles]
    return positions == sorted(positions)


def test_it_lists_the_submitted_problems_with_their_scores(coach_client, programme):
    reviewed = submission(programme, "Rendez-vous non honorés", scores=[4, 2])
    CandidacyFactory(programme=programme, preferred_problems=[reviewed])
    CandidacyFactory(programme=programme, preferred_problems=[reviewed])
    ProblemSubmissionFactory(draft=True, programme=programme, title="Brouillon secret")

    response = coach_client.get(list_url(programme))

    assertContains(response, "Rendez-vous non honorés")
    assertContains(response, reviewed.collectivity.name)
    assertContains(response, str(reviewed.author))
    assertContains(response, "Centre communal d’action sociale")
    assertContains(response, "<strong>3,0</strong> / 5", html=False)
    assertContains(response, "2 évaluations")
    assertContains(response, "<td>2</td>", html=True)  # volunteers
    assertContains(response, "À évaluer")
    assertNotContains(response, "Brouillon secret")


def test_it_shows_which_problems_the_member_already_reviewed(client, programme):
    referent = MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user
    reviewed = submission(programme, "Déjà évalué")
    SelectionReviewFactory(submission=reviewed, reviewer=referent)
    client.force_login(referent)

    response = client.get(list_url(programme))

    assertContains(response, "Évalué</p>")
    assertNotContains(response, "À évaluer")


def test_it_counts_the_selected_problems_against_the_target(coach_client, programme):
    submission(programme, "Retenu 1", status=ProblemSubmission.Status.SELECTED)
    submission(programme, "Retenu 2", status=ProblemSubmission.Status.SELECTED)
    submission(programme, "À l’étude")

    response = coach_client.get(list_url(programme))

    assertContains(response, "2 problèmes retenus sur l’objectif de 6")


def test_it_filters_by_status(coach_client, programme):
    submission(programme, "Présélectionné", status=ProblemSubmission.Status.SHORTLISTED)
    submission(programme, "Simplement soumis")

    response = coach_client.get(list_url(programme, status="shortlisted"))

    assertContains(response, "Présélectionné</a>")
    assertNotContains(response, "Simplement soumis")


def test_it_filters_by_service_among_those_of_the_submissions(coach_client, programme):
    submission(programme, "Côté voirie", service="Voirie")
    submission(programme, "Côté CCAS")

    response = coach_client.get(list_url(programme, service="Voirie"))

    assertContains(response, '<option value="Voirie" selected>Voirie</option>', html=True)
    assertContains(response, "Côté voirie")
    assertNotContains(response, "Côté CCAS")


def test_it_filters_by_minimum_average_score(coach_client, programme):
    submission(programme, "Bien noté", scores=[4, 5])
    submission(programme, "Mal noté", scores=[2, 3])
    submission(programme, "Pas encore noté")

    response = coach_client.get(list_url(programme, min_score="3.5"))

    assertContains(response, "Bien noté")
    assertNotContains(response, "Mal noté")
    assertNotContains(response, "Pas encore noté")


@pytest.mark.parametrize(
    "field", ["title", "problem", "affected_users"], ids=["title", "problem", "affected users"]
)
def test_it_searches_the_title_and_the_text(coach_client, programme, field):
    found = submission(programme, "Trouvé")
    setattr(found, field, f"{getattr(found, field)} accueil périscolaire")
    found.save()
    submission(programme, "Ailleurs")

    response = coach_client.get(list_url(programme, q="Périscolaire"))

    assertContains(response, ">Trouvé")
    assertNotContains(response, ">Ailleurs")


def test_it_sorts_by_score_best_first_by_default_and_on_request(coach_client, programme):
    submission(programme, "Moyen", scores=[3])
    submission(programme, "Excellent", scores=[5])
    submission(programme, "Sans note")
    submission(programme, "Faible", scores=[1])

    best_first = coach_client.get(list_url(programme))
    worst_first = coach_client.get(list_url(programme, sort="score"))

    assert titles_in_order(best_first, "Excellent", "Moyen", "Faible", "Sans note")
    assert titles_in_order(worst_first, "Faible", "Moyen", "Excellent", "Sans note")


def test_it_sorts_by_date(coach_client, programme):
    older = submission(programme, "Le plus ancien")
    newer = submission(programme, "Le plus récent")
    ProblemSubmission.objects.filter(pk=older.pk).update(
        submitted_at=newer.submitted_at.replace(year=2020)
    )

    newest_first = coach_client.get(list_url(programme, sort="-date"))
    oldest_first = coach_client.get(list_url(programme, sort="date"))

    assert titles_in_order(newest_first, "Le plus récent", "Le plus ancien")
    assert titles_in_order(oldest_first, "Le plus ancien", "Le plus récent")


def test_an_invalid_filter_is_reported_in_french_and_ignored(coach_client, programme):
    submission(programme, "Toujours listé")

    response = coach_client.get(list_url(programme, status="n-importe-quoi", q="listé"))

    assertContains(response, "Cette valeur n’est pas proposée : choisissez-en une dans la liste.")
    assertContains(response, 'role="alert"')
    assertContains(response, "Toujours listé")
    assertContains(response, 'value="listé"')


def test_an_htmx_request_gets_only_the_results(coach_client, programme):
    submission(programme, "Présélectionné", status=ProblemSubmission.Status.SHORTLISTED)
    submission(programme, "Simplement soumis")

    response = coach_client.get(list_url(programme, status="shortlisted"), HTTP_HX_REQUEST="true")

    assertContains(response, "Présélectionné</a>")
    assertNotContains(response, "Simplement soumis")
    assertNotContains(response, "<html")
    assertNotContains(response, "<form")
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_full_page(coach_client, programme):
    response = coach_client.get(
        list_url(programme, status="shortlisted"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assertContains(response, "<html")
    assertContains(response, 'id="filtres"')


def test_the_full_page_has_a_filter_form_that_also_works_with_htmx(coach_client, programme):
    response = coach_client.get(list_url(programme))

    url = list_url(programme)
    assertContains(response, f'action="{url}"')
    assertContains(response, f'hx-get="{url}"')
    assertContains(response, 'hx-target="#resultats"')
    assertContains(response, 'hx-push-url="true"')
    assertContains(response, 'hx-trigger="submit, change from:(#filtres select)"')
    assertContains(response, '<div id="resultats">')


def test_it_is_paginated_by_fifty(coach_client, programme):
    for index in range(51):
        submission(programme, f"Problème numéro {index:02d}")

    first = coach_client.get(list_url(programme, sort="date"))
    second = coach_client.get(list_url(programme, sort="date", page=2))

    assertContains(first, "51 problèmes")
    assertContains(first, "Problème numéro 49")
    assertNotContains(first, "Problème numéro 50")
    assertContains(first, 'href="?sort=date&amp;page=2"')
    assertContains(second, "Problème numéro 50")
    assertNotContains(second, "Problème numéro 49")


def test_it_is_read_only_outside_the_selection(client):
    programme = ProgrammeFactory(investigation=True)
    client.force_login(programme.coach)

    response = client.get(list_url(programme))

    assertContains(response, "La sélection n’est pas en cours")
    assertNotContains(response, reverse("intrapreneurs:selection_finalise", args=[programme.slug]))


def test_the_list_runs_a_fixed_number_of_queries(client, programme, django_assert_num_queries):
    admin = UserFactory(admin=True)
    client.force_login(admin)

    def add_submissions(count):
        for index in range(count):
            made = submission(programme, f"Problème {index}", scores=[3, 4])
            SelectionReviewFactory(submission=made, reviewer=admin)
            CandidacyFactory(programme=programme, preferred_problems=[made])

    def count_queries(expected_rows):
        # session, user, programme, services of the submissions, number of results,
        # the page of results with their scores, reviews and volunteers, number of
        # selected problems, the themes of the filter, then the menu's roles:
        # memberships, followed programmes, team memberships
        with django_assert_num_queries(11):
            response = client.get(list_url(programme))
        assertContains(response, f"{expected_rows} problèmes")

    add_submissions(3)
    count_queries(3)
    add_submissions(27)
    count_queries(30)
