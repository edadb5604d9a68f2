import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from programmes.models import Programme
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory

pytestmark = pytest.mark.usefixtures("media_root")

COMPLETE = {
    "title": "Rendez-vous non honorés au CCAS",
    "problem": "Un rendez-vous sur quatre n’est pas honoré.",
    "affected_users": "Les usagers du CCAS et les travailleurs sociaux.",
    "current_cost": "Des créneaux perdus chaque semaine.",
    "evidence": "Le registre des rendez-vous de 2025.",
    "service": "Centre communal d’action sociale",
    "current_handling": "Des rappels par téléphone, quand on a le temps.",
}


def create_url(programme):
    return reverse("intrapreneurs:submission_create", args=[programme.slug])


def update_url(submission):
    return reverse("intrapreneurs:submission_update", args=[submission.pk])


def edit_data(submission, **changes):
    data = {
        field: getattr(submission, field)
        for field in ["title", "problem", "affected_users", "current_cost", "evidence"]
    }
    data.update(
        service=submission.service,
        current_handling=submission.current_handling,
        version=submission.version,
        action="submit",
    )
    return {**data, **changes}


def close_call(programme, **changes):
    Programme.objects.filter(pk=programme.pk).update(
        call_opens_on=timezone.localdate() - datetime.timedelta(days=30), **changes
    )


CLOSINGS = pytest.mark.parametrize(
    "closing",
    [
        {"call_closes_on": timezone.localdate() - datetime.timedelta(days=1)},
        {"status": Programme.Status.SELECTION},
    ],
    ids=["closing-date-passed", "selection-started"],
)


# Creating


def test_the_form_offers_a_draft_and_a_submission(client, programme, agent):
    client.force_login(agent)

    response = client.get(create_url(programme))

    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'name="action" value="draft"')
    assertContains(response, 'name="action" value="submit"')
    assertContains(response, '<input type="file" name="attachments" class="fr-upload" multiple')
    # One collectivité: nothing to choose.
    assertNotContains(response, 'name="collectivity"')


def test_a_draft_needs_only_a_title_and_sends_no_receipt(
    client, programme, collectivity, agent, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(programme), {"title": "À creuser", "action": "draft"})

    submission = ProblemSubmission.objects.get()
    assertRedirects(response, reverse("intrapreneurs:submission_detail", args=[submission.pk]))
    assert submission.status == ProblemSubmission.Status.DRAFT
    assert (submission.author, submission.collectivity) == (agent, collectivity)
    assert submission.submitted_at is None
    assert mailoutbox == []


def test_a_draft_without_a_title_is_refused_in_french(client, programme, agent):
    client.force_login(agent)

    response = client.post(create_url(programme), {"problem": "Mon texte", "action": "draft"})

    assertContains(response, "Donnez un titre au problème, même pour un brouillon.")
    assertContains(response, "Mon texte")
    assert not ProblemSubmission.objects.exists()


def test_a_theme_id_too_large_for_the_database_is_refused_in_french(client, programme, agent):
    # Found by the fuzz tests: SQLite raised OverflowError on it (a 500).
    client.force_login(agent)

    response = client.post(
        create_url(programme),
        {"title": "Accueil", "themes": ["-1330014647314328449974272"], "action": "draft"},
    )

    assertContains(response, "Sélectionnez un choix valide.")
    assertContains(response, 'value="Accueil"')
    assert not ProblemSubmission.objects.exists()


def test_submitting_requires_every_required_field_and_keeps_what_was_typed(
    client, programme, agent
):
    client.force_login(agent)

    response = client.post(
        create_url(programme),
        {"title": "Rendez-vous manqués", "evidence": "Le registre", "action": "submit"},
    )

    assert response.status_code == 200
    assert not ProblemSubmission.objects.exists()
    # The summary on top, announced, linking to each field...
    assertContains(response, '<div class="fr-alert fr-alert--error fr-mb-4w" role="alert">')
    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, "<title>Erreur : Proposer un problème")
    for field in ["problem", "affected_users", "service"]:
        assertContains(response, f'href="#id_{field}"')
        # ...and each field tied to its own error (and its hint, if any).
        assertContains(response, f'<div class="fr-messages-group" id="id_{field}_error"')
    assertContains(response, 'aria-describedby="id_problem_helptext id_problem_error"')
    assertContains(response, 'aria-invalid="true" aria-describedby="id_service_error"')
    assertContains(response, "Ce champ est obligatoire pour soumettre le problème.", count=6)
    assertContains(response, 'value="Rendez-vous manqués"')
    assertContains(response, "Le registre</textarea>")


def test_submitting_sends_a_receipt_with_a_link(
    client, programme, agent, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(programme), {**COMPLETE, "action": "submit"})

    submission = ProblemSubmission.objects.get()
    detail_url = reverse("intrapreneurs:submission_detail", args=[submission.pk])
    assertRedirects(response, detail_url)
    assert submission.status == ProblemSubmission.Status.SUBMITTED
    assert submission.submitted_at is not None
    [email] = mailoutbox
    assert email.to == [agent.email]
    assert email.subject == "Votre problème « Rendez-vous non honorés au CCAS » a bien été reçu"
    assert detail_url in email.body


def test_members_of_several_collectivities_choose_which_one_they_submit_for(
    client, programme, collectivity, agent
):
    metropole = CollectivityFactory(name="Métropole")
    programme.collectivities.add(metropole)
    MembershipFactory(user=agent, collectivity=metropole)
    elsewhere = MembershipFactory(user=agent).collectivity
    client.force_login(agent)

    page = client.get(create_url(programme))
    client.post(create_url(programme), {"title": "Ma proposition", "collectivity": metropole.pk})

    assertContains(page, 'name="collectivity"')
    assertContains(page, "Métropole")
    assertNotContains(page, elsewhere.name)
    assert ProblemSubmission.objects.get().collectivity == metropole


def test_a_collectivity_the_agent_does_not_belong_to_is_refused(
    client, programme, collectivity, agent
):
    metropole = CollectivityFactory()
    programme.collectivities.add(metropole, CollectivityFactory())
    MembershipFactory(user=agent, collectivity=metropole)
    stranger = programme.collectivities.exclude(pk__in=[collectivity.pk, metropole.pk]).get()
    client.force_login(agent)

    response = client.post(create_url(programme), {"title": "X", "collectivity": stranger.pk})

    assertContains(response, "Sélectionnez un choix valide.")
    assert not ProblemSubmission.objects.exists()


def test_referents_may_submit_too(client, programme, collectivity):
    referent = MembershipFactory(collectivity=collectivity, referent=True).user
    client.force_login(referent)

    client.post(create_url(programme), {**COMPLETE, "action": "submit"})

    assert ProblemSubmission.objects.get().author == referent


@CLOSINGS
def test_the_form_is_not_offered_once_the_call_is_closed(client, programme, agent, closing):
    close_call(programme, **closing)
    client.force_login(agent)

    response = client.get(create_url(programme))

    assertContains(response, "L’appel à problèmes de ce programme est clos.")
    assertNotContains(response, 'enctype="multipart/form-data"')


@CLOSINGS
def test_a_new_problem_posted_after_the_close_is_refused_and_shown_back(
    client, programme, agent, closing
):
    close_call(programme, **closing)
    client.force_login(agent)

    response = client.post(create_url(programme), {**COMPLETE, "action": "submit"})

    assertContains(
        response,
        "L’appel à problèmes de ce programme est clos : vos modifications n’ont pas été "
        "enregistrées.",
    )
    assertContains(response, "Votre saisie, non enregistrée")
    assertContains(response, COMPLETE["problem"])
    assert not ProblemSubmission.objects.exists()


def test_agent_of_another_collectivity_gets_404(client, programme):
    client.force_login(MembershipFactory().user)

    assert client.get(create_url(programme)).status_code == 404
    assert client.post(create_url(programme), {**COMPLETE}).status_code == 404
    assert not ProblemSubmission.objects.exists()


def test_the_programme_coach_who_is_not_a_member_gets_404(client, programme):
    client.force_login(programme.coach)

    assert client.get(create_url(programme)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    response = client.get(create_url(programme))

    assertRedirects(response, f"{reverse('account_login')}?next={create_url(programme)}")


# Editing


def test_the_author_completes_and_submits_a_draft(
    client, agent, programme, mailoutbox, django_capture_on_commit_callbacks
):
    draft = ProblemSubmissionFactory(programme=programme, author=agent, service="")
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_url(draft), edit_data(draft, service="Accueil"))

    draft.refresh_from_db()
    assert draft.status == ProblemSubmission.Status.SUBMITTED
    assert draft.service == "Accueil"
    assert draft.version == 2
    assert len(mailoutbox) == 1


def test_the_author_edits_a_submitted_problem_without_a_second_receipt(
    client, agent, programme, mailoutbox, django_capture_on_commit_callbacks
):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(agent)

    page = client.get(update_url(submission))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(update_url(submission), edit_data(submission, title="Nouveau titre"))

    submission.refresh_from_db()
    assert submission.title == "Nouveau titre"
    assert submission.status == ProblemSubmission.Status.SUBMITTED
    assert mailoutbox == []
    # A submitted problem can't go back to draft.
    assertNotContains(page, 'value="draft"')
    assertContains(page, "Enregistrer les modifications")


def test_a_submitted_problem_keeps_its_required_fields(client, agent, programme):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(agent)

    response = client.post(update_url(submission), edit_data(submission, problem=""))

    assertContains(response, "Ce champ est obligatoire pour soumettre le problème.", count=2)
    submission.refresh_from_db()
    assert submission.problem != ""


def test_another_agent_of_the_same_collectivity_gets_404(client, agent, programme):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    colleague = MembershipFactory(collectivity=submission.collectivity).user
    client.force_login(colleague)

    assert client.get(update_url(submission)).status_code == 404
    response = client.post(update_url(submission), edit_data(submission, title="Piraté"))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.title != "Piraté"


def test_agent_of_another_collectivity_gets_404_on_the_edit(client, agent, programme):
    submission = ProblemSubmissionFactory(programme=programme, author=agent)
    client.force_login(MembershipFactory().user)

    assert client.get(update_url(submission)).status_code == 404


@pytest.mark.parametrize("role", ["referent", "coach"])
def test_the_committee_may_read_but_not_edit(client, agent, programme, collectivity, role):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    if role == "referent":
        user = MembershipFactory(collectivity=collectivity, referent=True).user
    else:
        user = programme.coach
    client.force_login(user)

    assert client.get(update_url(submission)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_from_the_edit(client, agent, programme):
    submission = ProblemSubmissionFactory(programme=programme, author=agent)

    response = client.get(update_url(submission))

    assertRedirects(response, f"{reverse('account_login')}?next={update_url(submission)}")


@CLOSINGS
def test_the_edit_page_is_read_only_after_the_close(client, agent, programme, closing):
    submission = ProblemSubmissionFactory(
        programme=programme, author=agent, submitted=True, title="Mon problème"
    )
    close_call(programme, **closing)
    client.force_login(agent)

    response = client.get(update_url(submission))

    assertContains(response, "Ce problème n’est plus modifiable")
    assertContains(response, "L’appel à problèmes de ce programme est clos.")
    assertContains(response, submission.problem)
    assertNotContains(response, 'enctype="multipart/form-data"')


@CLOSINGS
def test_an_edit_posted_after_the_close_is_refused_and_nothing_is_lost(
    client, agent, programme, closing
):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    stored_problem = submission.problem
    close_call(programme, **closing)
    client.force_login(agent)

    response = client.post(
        update_url(submission), edit_data(submission, problem="Mon texte retravaillé")
    )

    assertContains(
        response,
        "L’appel à problèmes de ce programme est clos : vos modifications n’ont pas été "
        "enregistrées.",
    )
    assertContains(response, "Mon texte retravaillé")
    submission.refresh_from_db()
    assert submission.problem == stored_problem
    assert submission.version == 1


def test_a_concurrent_edit_is_reported_and_keeps_what_was_typed(client, agent, programme):
    submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
    client.force_login(agent)
    # Two tabs open the form on the same version.
    first_tab = edit_data(submission, title="Titre du premier onglet")
    second_tab = edit_data(submission, title="Titre du second onglet")

    client.post(update_url(submission), first_tab)
    response = client.post(update_url(submission), second_tab)

    assertContains(response, "Modification concurrente")
    assertContains(response, "a été modifié par quelqu’un d’autre")
    # What the second tab typed is still in the form, next to the stored version.
    assertContains(response, 'value="Titre du second onglet"')
    assertContains(response, "Titre du premier onglet")
    assertContains(response, '<input type="hidden" name="version" value="2"')
    submission.refresh_from_db()
    assert submission.title == "Titre du premier onglet"

    # Having seen both, the user saves again: it goes through.
    client.post(update_url(submission), {**second_tab, "version": 2})
    submission.refresh_from_db()
    assert submission.title == "Titre du second onglet"
    assert submission.version == 3
