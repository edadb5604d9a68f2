from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from incubateur.audit.models import AuditEvent
from intrapreneurs.models import ProblemSubmission, SelectionReview, SubmissionAttachment
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

Status = ProblemSubmission.Status


@pytest.fixture
def programme():
    return ProgrammeFactory(selection=True, target_problems=2)


@pytest.fixture
def referent(programme):
    return MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user


@pytest.fixture
def submission(programme):
    return ProblemSubmissionFactory(submitted=True, programme=programme)


@pytest.fixture
def referent_client(client, referent):
    client.force_login(referent)
    return client


def detail_url(submission):
    return reverse(
        "intrapreneurs:selection_detail", args=[submission.programme.slug, submission.pk]
    )


def status_url(submission):
    return reverse(
        "intrapreneurs:submission_status", args=[submission.programme.slug, submission.pk]
    )


def team_url(submission):
    return reverse("intrapreneurs:team_assign", args=[submission.programme.slug, submission.pk])


def review_data(impact="4", scale="4", feasibility="3", comment="Un vrai sujet."):
    return {
        "impact_score": impact,
        "scale_score": scale,
        "feasibility_score": feasibility,
        "comment": comment,
    }


def test_it_shows_the_submission_in_full_with_every_review(referent_client, submission):
    SelectionReviewFactory(
        submission=submission, impact_score=5, scale_score=4, feasibility_score=3
    )
    SelectionReviewFactory(
        submission=submission,
        impact_score=2,
        scale_score=2,
        feasibility_score=2,
        comment="Trop large pour douze semaines.",
    )

    response = referent_client.get(detail_url(submission))

    for text in [
        submission.title,
        submission.problem,
        submission.affected_users,
        submission.current_cost,
        submission.evidence,
        submission.current_handling,
        submission.service,
    ]:
        assertContains(response, text)
    assertContains(response, "Trop large pour douze semaines.")
    # (4 + 2) / 2
    assertContains(response, "Note moyenne : <strong>3,0 / 5</strong> (2 évaluations).")


def test_it_links_to_the_attachments(referent_client, submission):
    attachment = SubmissionAttachment.objects.create(
        submission=submission,
        file="submissions/preuves.pdf",
        original_name="Relevé des absences.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=2048,
    )

    response = referent_client.get(detail_url(submission))

    url = reverse("intrapreneurs:attachment_download", args=[submission.pk, attachment.pk])
    assertContains(response, f'href="{url}"')
    assertContains(response, "Relevé des absences.pdf")


def test_the_review_form_uses_the_criteria_of_the_model_as_radio_groups(
    referent_client, submission
):
    response = referent_client.get(detail_url(submission))

    assertContains(response, "Impact sur les usagers")
    assertContains(response, "Ampleur du problème")
    assertContains(response, "Faisabilité en 12 semaines")
    assertContains(response, 'class="fr-radio-group"', count=15)
    assertContains(response, 'name="impact_score" value="5"')
    assertContains(response, "fr-fieldset__element--inline")


def test_a_member_reviews_a_submission(referent_client, referent, submission):
    response = referent_client.post(detail_url(submission), review_data())

    assertRedirects(response, detail_url(submission), fetch_redirect_response=False)
    review = SelectionReview.objects.get(submission=submission, reviewer=referent)
    assert (review.impact_score, review.scale_score, review.feasibility_score) == (4, 4, 3)
    assert review.average == Decimal("3.67")
    assert review.comment == "Un vrai sujet."
    assertContains(referent_client.get(detail_url(submission)), "Votre évaluation est enregistrée.")


def test_a_member_edits_their_review_instead_of_adding_one(referent_client, referent, submission):
    referent_client.post(detail_url(submission), review_data())

    referent_client.post(detail_url(submission), review_data("1", "2", "3", "Après réflexion."))

    review = SelectionReview.objects.get(submission=submission)
    assert review.reviewer == referent
    assert review.average == Decimal("2.00")
    assert review.comment == "Après réflexion."
    response = referent_client.get(detail_url(submission))
    assertContains(response, 'name="scale_score" value="2" checked')


@pytest.mark.parametrize("score", ["0", "6", "trois", ""])
def test_scores_outside_one_to_five_are_refused_in_french(referent_client, submission, score):
    response = referent_client.post(
        detail_url(submission), review_data(impact=score, comment="Mon commentaire")
    )

    assert response.status_code == 200
    assert not SelectionReview.objects.exists()
    assertContains(response, "Donnez une note de 1 à 5.", count=2)  # summary and field
    assertContains(response, 'role="alert"')
    assertContains(response, 'href="#id_impact_score_0"')  # its first radio button
    assertContains(response, "fr-fieldset--error")
    # What was typed is kept.
    assertContains(response, "Mon commentaire</textarea>")
    assertContains(response, 'name="scale_score" value="4" checked')


def test_a_member_shortlists_a_submission(referent_client, submission):
    response = referent_client.post(
        status_url(submission), {"status": "shortlisted", "seen_status": "submitted"}
    )

    assertRedirects(response, detail_url(submission), fetch_redirect_response=False)
    submission.refresh_from_db()
    assert submission.status == Status.SHORTLISTED


def test_problems_are_selected_up_to_the_target_then_refused(
    referent_client, programme, submission
):
    ProblemSubmissionFactory.create_batch(2, selected=True, programme=programme)

    response = referent_client.post(
        status_url(submission), {"status": "selected", "seen_status": "submitted"}, follow=True
    )

    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assertContains(response, "2 problèmes sont déjà retenus : c’est l’objectif du programme.")
    assertContains(response, "fr-alert--error")


def test_a_problem_is_selected_below_the_target(referent_client, programme, submission):
    ProblemSubmissionFactory(selected=True, programme=programme)

    response = referent_client.post(
        status_url(submission), {"status": "selected", "seen_status": "submitted"}, follow=True
    )

    submission.refresh_from_db()
    assert submission.status == Status.SELECTED
    assertContains(response, "est retenu.")
    assertContains(response, "2 problèmes retenus sur l’objectif de 2.")


def test_a_problem_is_declined_with_a_message(referent_client, submission):
    referent_client.post(
        status_url(submission),
        {"status": "declined", "seen_status": "submitted", "message": "Déjà traité par la DSI."},
    )

    submission.refresh_from_db()
    assert submission.status == Status.DECLINED
    assert submission.decline_message == "Déjà traité par la DSI."


def test_a_problem_is_declined_without_a_message(referent_client, submission):
    referent_client.post(status_url(submission), {"status": "declined", "seen_status": "submitted"})

    submission.refresh_from_db()
    assert submission.status == Status.DECLINED
    assert submission.decline_message == ""


def test_a_declined_problem_is_put_back_under_review(referent_client, programme):
    declined = ProblemSubmissionFactory(
        declined=True, programme=programme, decline_message="Hors sujet."
    )

    referent_client.post(status_url(declined), {"status": "submitted", "seen_status": "declined"})

    declined.refresh_from_db()
    assert declined.status == Status.SUBMITTED
    assert declined.decline_message == ""


def test_a_status_changed_meanwhile_is_reported_not_overwritten(referent_client, submission):
    ProblemSubmission.objects.filter(pk=submission.pk).update(status=Status.SHORTLISTED)

    response = referent_client.post(
        status_url(submission),
        {"status": "declined", "seen_status": "submitted", "message": "Pas prioritaire."},
    )

    submission.refresh_from_db()
    assert submission.status == Status.SHORTLISTED
    assertContains(response, "Quelqu’un a changé le statut de ce problème")
    assertContains(response, 'role="alert"')
    assertContains(response, "Pas prioritaire.</textarea>")


def test_an_unknown_status_is_refused(referent_client, submission):
    response = referent_client.post(
        status_url(submission), {"status": "draft", "seen_status": "submitted"}
    )

    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assertContains(response, "Cette valeur n’est pas proposée")


@pytest.fixture
def selected(programme):
    return ProblemSubmissionFactory(selected=True, programme=programme)


def test_a_selected_problem_shows_the_candidates_to_choose_from(referent_client, selected):
    keen = CandidacyFactory(
        programme=selected.programme,
        preferred_problems=[selected],
        motivation="J’accueille ces usagers chaque jour.",
    )
    CandidacyFactory(programme=selected.programme, manager_agrees=False)

    response = referent_client.get(detail_url(selected))

    assertContains(response, str(keen.agent))
    assertContains(response, "J’accueille ces usagers chaque jour.")
    assertContains(response, "Volontaire pour ce problème.")
    assertContains(response, f"Accord de son responsable ({keen.manager_name}).")
    assertContains(response, "Sans l’accord de son responsable")
    assertContains(response, f"« {selected.title} »")


def test_a_team_of_one_to_three_is_assigned(referent_client, selected):
    candidacies = CandidacyFactory.create_batch(3, programme=selected.programme)

    assertContains(referent_client.get(detail_url(selected)), 'name="version" value="1"')

    response = referent_client.post(
        team_url(selected), {"candidacies": [c.pk for c in candidacies], "version": "1"}
    )

    assertRedirects(response, f"{detail_url(selected)}#equipe", fetch_redirect_response=False)
    assert set(selected.intrapreneurs.all()) == set(candidacies)
    selected.refresh_from_db()
    assert selected.version == 2


def test_two_members_on_the_same_version_the_second_is_told_and_keeps_their_choice(
    client, referent, selected
):
    first, second, third = CandidacyFactory.create_batch(3, programme=selected.programme)
    coach = selected.programme.coach
    # Both members opened the page on version 1; the coach saves first.
    client.force_login(coach)
    client.post(team_url(selected), {"candidacies": [first.pk, second.pk], "version": "1"})

    client.force_login(referent)
    response = client.post(team_url(selected), {"candidacies": [third.pk], "version": "1"})

    assert response.status_code == 200
    assertContains(response, "Modification concurrente")
    assertContains(response, "a été modifié par quelqu’un d’autre depuis que vous avez ouvert")
    # The saved team is listed; the referent's choice stays ticked, over version 2.
    assert set(response.context["team"]) == {first, second}
    assertContains(response, f'value="{third.pk}" checked')
    assertNotContains(response, f'value="{first.pk}" checked')
    assertContains(response, 'name="version" value="2"')
    # Nothing of the coach's team is lost, nothing of the referent's saved.
    assert set(selected.intrapreneurs.all()) == {first, second}
    assert AuditEvent.objects.filter(action="team.assigned").count() == 1

    # Saving again, knowingly, goes over the team now shown.
    client.post(team_url(selected), {"candidacies": [third.pk], "version": "2"})
    assert set(selected.intrapreneurs.all()) == {third}


def test_a_fourth_intrapreneur_is_refused(referent_client, selected):
    candidacies = CandidacyFactory.create_batch(4, programme=selected.programme)

    response = referent_client.post(
        team_url(selected), {"candidacies": [c.pk for c in candidacies]}
    )

    assert response.status_code == 200
    assert not selected.intrapreneurs.exists()
    assertContains(
        response, "Une équipe compte au plus trois intrapreneurs : vous en avez choisi 4."
    )
    assertContains(response, 'role="alert"')
    # The ticked boxes stay ticked.
    assertContains(response, f'value="{candidacies[3].pk}" checked')


def test_an_empty_team_is_refused(referent_client, selected):
    CandidacyFactory(programme=selected.programme)

    response = referent_client.post(team_url(selected), {})

    assertContains(response, "Choisissez de un à trois intrapreneurs.", count=2)


def test_a_candidate_already_on_another_team_is_refused(referent_client, programme, selected):
    other = ProblemSubmissionFactory(selected=True, programme=programme, title="Autre problème")
    busy = CandidacyFactory(programme=programme)
    other.intrapreneurs.add(busy)

    response = referent_client.post(team_url(selected), {"candidacies": [busy.pk]})

    assert not selected.intrapreneurs.exists()
    message = f"Déjà dans l’équipe d’un autre problème : {busy.agent}."
    assertContains(response, message, count=1)
    assertContains(response, "Déjà dans l’équipe de « Autre problème ».")
    # Shown in the team section, in an error summary that takes the focus on load.
    html = response.content.decode()
    team_section = html[html.index('id="equipe"') :]
    summary = team_section[team_section.index("fr-alert--error") :]
    assert summary.index(message) < summary.index("</div>")
    assert 'role="alert" tabindex="-1" autofocus' in team_section


def test_a_candidacy_of_another_programme_is_refused(referent_client, selected):
    stranger = CandidacyFactory(programme=ProgrammeFactory(selection=True))

    response = referent_client.post(team_url(selected), {"candidacies": [stranger.pk]})

    assert not selected.intrapreneurs.exists()
    assertContains(response, "Cette candidature n’est pas une de celles de ce programme.")


def test_a_team_for_a_problem_not_selected_is_refused(referent_client, submission):
    candidacy = CandidacyFactory(programme=submission.programme)

    response = referent_client.post(team_url(submission), {"candidacies": [candidacy.pk]})

    assert not submission.intrapreneurs.exists()
    assertContains(response, "Retenez d’abord ce problème pour lui affecter une équipe.")


def test_everything_is_read_only_outside_the_selection(client):
    programme = ProgrammeFactory(investigation=True)
    submission = ProblemSubmissionFactory(selected=True, programme=programme)
    client.force_login(programme.coach)

    response = client.get(detail_url(submission))

    assertContains(response, "La sélection n’est pas en cours")
    assertNotContains(response, '<form method="post" action="/programmes')
    assertNotContains(response, "Enregistrer mon évaluation")
    assertNotContains(response, "Enregistrer l’équipe")


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (detail_url, review_data()),
        (status_url, {"status": "shortlisted", "seen_status": "selected"}),
        (team_url, {"candidacies": []}),
    ],
    ids=["review", "status", "team"],
)
def test_changes_outside_the_selection_are_refused_with_a_message(client, url, data):
    programme = ProgrammeFactory(investigation=True)
    submission = ProblemSubmissionFactory(selected=True, programme=programme)
    candidacy = CandidacyFactory(programme=programme)
    if url is team_url:
        data = {"candidacies": [candidacy.pk]}
    client.force_login(programme.coach)

    response = client.post(url(submission), data, follow=True)

    assert response.status_code == 200
    assertContains(response, "La sélection de ce programme n’est pas en cours")
    submission.refresh_from_db()
    assert submission.status == Status.SELECTED
    assert not SelectionReview.objects.exists()
    assert not submission.intrapreneurs.exists()
