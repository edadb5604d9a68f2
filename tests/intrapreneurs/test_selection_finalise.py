import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from investigations.models import Investigation
from programmes.models import Programme, ProgrammeTransition
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

Status = ProblemSubmission.Status


@pytest.fixture
def programme():
    # Thursdays from 1 April 2027: the sixth session falls on Ascension day (6 May 2027).
    return ProgrammeFactory(
        selection=True,
        call_opens_on=datetime.date(2027, 1, 4),
        call_closes_on=datetime.date(2027, 2, 26),
        investigation_starts_on=datetime.date(2027, 4, 1),
        weekday=Programme.Weekday.THURSDAY,
        weeks=10,
        # The `selection` below retains two: the target is met.
        target_problems=2,
    )


@pytest.fixture
def referent(programme):
    return MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user


@pytest.fixture
def referent_client(client, referent):
    client.force_login(referent)
    return client


@pytest.fixture
def selection(programme):
    """Two selected problems with their teams, one shortlisted, one submitted, one already
    declined with a message, and a volunteer left out."""
    first = ProblemSubmissionFactory(selected=True, programme=programme, title="Rendez-vous")
    second = ProblemSubmissionFactory(selected=True, programme=programme, title="Cantine")
    shortlisted = ProblemSubmissionFactory(
        shortlisted=True, programme=programme, title="Présélectionné"
    )
    submitted = ProblemSubmissionFactory(submitted=True, programme=programme, title="Soumis")
    declined = ProblemSubmissionFactory(
        declined=True, programme=programme, title="Écarté", decline_message="Hors champ."
    )
    team_one = CandidacyFactory.create_batch(2, programme=programme)
    team_two = [CandidacyFactory(programme=programme)]
    first.intrapreneurs.set(team_one)
    second.intrapreneurs.set(team_two)
    left_out = CandidacyFactory(programme=programme)
    return {
        "selected": [first, second],
        "others": [shortlisted, submitted, declined],
        "teams": [team_one, team_two],
        "left_out": left_out,
    }


def finalise_url(programme):
    return reverse("intrapreneurs:selection_finalise", args=[programme.slug])


def test_the_summary_shows_teams_declines_and_emails(referent_client, programme, selection):
    response = referent_client.get(finalise_url(programme))

    assertContains(response, "2 problèmes retenus sur l’objectif de 2")
    for candidacy in selection["teams"][0]:
        assertContains(response, str(candidacy.agent))
    for submission in selection["others"]:
        assertContains(response, submission.title)
    assertContains(response, "Son problème « Rendez-vous » est retenu.")
    assertContains(response, "Son problème « Soumis » n’est pas retenu.")
    assertContains(response, "Volontaire : rejoint l’équipe de « Cantine ».")
    assertContains(response, "Volontaire : n’est pas affecté à une équipe.")
    assertContains(response, "Semaine 6 : vendredi 7 mai 2027")
    assertContains(response, "décalée : jour férié", count=1)
    assertContains(response, "Finaliser la sélection et envoyer les courriels")


def test_finalising_starts_the_investigations(
    referent_client, referent, programme, selection, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(finalise_url(programme))

    assertRedirects(
        response,
        reverse("programmes:programme_detail", args=[programme.slug]),
        fetch_redirect_response=False,
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.INVESTIGATION
    transition = ProgrammeTransition.objects.get(programme=programme)
    assert (transition.from_status, transition.to_status) == ("selection", "investigation")
    assert transition.by == referent

    investigations = {i.submission: i for i in Investigation.objects.filter(programme=programme)}
    assert set(investigations) == set(selection["selected"])
    for submission, team in zip(selection["selected"], selection["teams"], strict=True):
        investigation = investigations[submission]
        assert set(investigation.team.all()) == {candidacy.agent for candidacy in team}
        dates = list(investigation.sessions.values_list("date", flat=True))
        assert len(dates) == 10
        assert dates[0] == datetime.date(2027, 4, 1)
        # Ascension day (Thursday 6 May 2027) moves the session to the Friday.
        assert dates[5] == datetime.date(2027, 5, 7)
        assert dates[6] == datetime.date(2027, 5, 13)

    shortlisted, submitted, declined = selection["others"]
    for submission in (shortlisted, submitted, declined):
        submission.refresh_from_db()
        assert submission.status == Status.DECLINED

    follow = referent_client.get(response["Location"])
    assertContains(follow, "La sélection est finalisée : 2 investigations sont lancées.")


def test_finalising_emails_each_submitter_and_candidate_their_decision(
    referent_client, programme, selection, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        referent_client.post(finalise_url(programme))

    subjects = {email.to[0]: email.subject for email in mailoutbox}
    bodies = {email.to[0]: email.body for email in mailoutbox}
    first, second = selection["selected"]
    shortlisted, submitted, declined = selection["others"]
    assert len(mailoutbox) == 5 + 4  # five submitters, four candidates
    assert subjects[first.author.email] == "Votre problème « Rendez-vous » est retenu"
    assert subjects[second.author.email] == "Votre problème « Cantine » est retenu"
    for submission in (shortlisted, submitted, declined):
        assert "n’est pas retenu" in subjects[submission.author.email]
    assert "Hors champ." in bodies[declined.author.email]
    for candidacy in selection["teams"][0]:
        assert subjects[candidacy.agent.email] == "Vous rejoignez une équipe d’investigation"
        assert "- Rendez-vous" in bodies[candidacy.agent.email]
    left_out = selection["left_out"].agent.email
    assert subjects[left_out] == "Votre candidature d’intrapreneur"


def test_finalising_without_a_selected_problem_is_refused(referent_client, programme):
    ProblemSubmissionFactory(shortlisted=True, programme=programme)

    response = referent_client.post(finalise_url(programme), follow=True)

    assertRedirects(response, finalise_url(programme))
    assertContains(response, "Retenez au moins un problème avant de finaliser la sélection.")
    assertContains(response, "fr-alert--error")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION
    assert not Investigation.objects.exists()


def test_finalising_with_a_team_lacking_manager_agreement_is_refused(
    referent_client, programme, selection, mailoutbox, django_capture_on_commit_callbacks
):
    first = selection["selected"][0]
    first.intrapreneurs.update(manager_agrees=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(finalise_url(programme), follow=True)

    assertContains(
        response,
        "« Rendez-vous » : au moins un intrapreneur doit avoir l’accord de son responsable.",
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION
    assert not Investigation.objects.exists()
    assert ProblemSubmission.objects.get(title="Soumis").status == Status.SUBMITTED
    assert mailoutbox == []


def test_finalising_with_a_selected_problem_without_team_is_refused(
    referent_client, programme, selection
):
    selection["selected"][1].intrapreneurs.clear()

    response = referent_client.post(finalise_url(programme), follow=True)

    assertContains(response, "« Cantine » doit avoir une équipe de un à trois intrapreneurs.")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION


def test_a_finalised_selection_is_read_only(referent_client, programme, selection):
    referent_client.post(finalise_url(programme))

    response = referent_client.get(finalise_url(programme))
    again = referent_client.post(finalise_url(programme), follow=True)

    assertContains(response, "La sélection n’est pas en cours")
    assertNotContains(response, "Finaliser la sélection et envoyer les courriels")
    assertContains(again, "La sélection de ce programme n’est pas en cours")
    assert Investigation.objects.count() == 2


def test_finalising_below_the_target_asks_for_confirmation(referent_client, programme, selection):
    Programme.objects.filter(pk=programme.pk).update(target_problems=6)

    page = referent_client.get(finalise_url(programme))
    refused = referent_client.post(finalise_url(programme), follow=True)

    assertContains(page, "Je confirme : finaliser avec 2 problèmes retenus au lieu des 6 visés")
    assertContains(refused, "Vous retenez 2 problèmes sur l’objectif de 6")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION

    referent_client.post(finalise_url(programme), {"below_target": "1"})

    programme.refresh_from_db()
    assert programme.status == Programme.Status.INVESTIGATION


def test_at_the_target_no_confirmation_is_asked(referent_client, programme, selection):
    page = referent_client.get(finalise_url(programme))

    assertNotContains(page, 'name="below_target"')
