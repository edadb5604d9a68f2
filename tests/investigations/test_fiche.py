"""The fiche problème inside the platform: the team writes it from week 1 (each save a
revision: who changed what, when), it is shown on the investigation page, the coach or
an admin publishes it (completing the milestone) and unpublishes it; publication is
refused, with the line, while the text names a person or gives an email or a phone."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.audit.models import AuditEvent
from investigations.models import Fiche, Milestone
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import (
    FicheFactory,
    HypothesisFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory


def form_url(investigation):
    return reverse("investigations:fiche_form", args=[investigation.pk])


def publication_url(investigation):
    return reverse("investigations:fiche_publication", args=[investigation.pk])


def fiche_data(investigation, **overrides):
    data = {
        "title": "Les rendez-vous non honorés",
        "problem_statement": "Un rendez-vous sur trois n’est pas honoré.",
        "causes": "Les convocations arrivent tard.",
        "actionable_problem": "Réel, majeur, actionnable.",
        "hypotheses": "- Un rappel la veille suffit.",
        "expected_impact": "Moitié moins d’absences.",
        "sponsor": investigation.submission.collectivity.pk,
        "sponsor_service": "CCAS",
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        "figures-0-figure": "32 % des rendez-vous",
        "figures-0-source": "logiciel d’agenda, 2025",
    }
    data.update(overrides)
    return data


def test_a_new_fiche_is_drafted_from_the_submission_and_the_hypotheses_board(
    client, investigation, member
):
    HypothesisFactory(investigation=investigation, statement="Les SMS ne sont pas lus.")
    client.force_login(member)
    response = client.get(form_url(investigation))
    form = response.context["form"]
    assert form.initial["title"] == investigation.submission.title
    assert "- Les SMS ne sont pas lus." in form.initial["hypotheses"]
    assert not Fiche.objects.exists()  # nothing is saved by reading


def test_the_team_saves_the_fiche_and_each_save_is_a_revision(client, investigation, member):
    client.force_login(member)
    response = client.post(form_url(investigation), fiche_data(investigation))
    assert response.status_code == 302
    fiche = Fiche.objects.get(investigation=investigation)
    assert fiche.figures.get().source == "logiciel d’agenda, 2025"
    first = fiche.revisions.get()
    assert first.author == member
    assert "causes" in first.changed and "figures" in first.changed

    data = fiche_data(
        investigation,
        causes="Les convocations partent par courrier.",
        version=fiche.version,
        **{"figures-INITIAL_FORMS": "1", "figures-0-id": fiche.figures.get().pk},
    )
    client.post(form_url(investigation), data)
    latest = fiche.revisions.first()
    assert latest.changed == ["causes"]
    assert latest.content["causes"] == "Les convocations partent par courrier."
    page = client.get(form_url(investigation))
    assertContains(page, "Historique des modifications")
    assertContains(page, "principales causes")


def test_a_concurrent_edit_is_reported_not_overwritten(client, investigation, member):
    fiche = FicheFactory(investigation=investigation)
    client.force_login(member)
    stale = fiche.version
    client.post(form_url(investigation), fiche_data(investigation, version=stale))
    response = client.post(
        form_url(investigation), fiche_data(investigation, causes="Autre", version=stale)
    )
    assertContains(response, "Modification concurrente")
    fiche.refresh_from_db()
    assert fiche.causes == "Les convocations arrivent tard."


@pytest.mark.parametrize("who", ["coach", "referent", "admin"])
def test_only_the_team_writes_the_fiche(client, investigation, who):
    users = {
        "coach": investigation.programme.coach,
        "admin": UserFactory(admin=True),
        "referent": None,
    }
    user = users[who]
    if user is None:
        user = MembershipFactory(
            referent=True, collectivity=investigation.submission.collectivity
        ).user
    client.force_login(user)
    assert client.get(form_url(investigation)).status_code == 200
    response = client.post(form_url(investigation), fiche_data(investigation))
    assert response.status_code == 403
    assert not Fiche.objects.exists()


def test_the_investigation_page_shows_the_fiche(client, investigation, member):
    FicheFactory(investigation=investigation, causes="Les convocations arrivent tard.")
    client.force_login(member)
    response = client.get(reverse("investigations:investigation_detail", args=[investigation.pk]))
    assertContains(response, "La fiche problème")
    assertContains(response, "Les convocations arrivent tard.")
    assertContains(response, "Non publiée")


def test_the_coach_publishes_the_fiche_and_completes_the_milestone(client, investigation):
    fiche = FicheFactory(investigation=investigation)
    coach = investigation.programme.coach
    client.force_login(coach)
    response = client.post(publication_url(investigation), {"action": "publish"})
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.is_published and fiche.slug and fiche.published_by == coach
    milestone = investigation.milestones.get(kind=Milestone.Kind.PUBLIC_PAGE)
    assert milestone.is_done and milestone.done_by == coach
    event = AuditEvent.objects.get(action=AuditEvent.Action.MILESTONE_MARKED)
    assert event.actor == coach and event.changes["kind"] == "public_page"
    public = client.get(reverse("investigations:public_problem", args=[fiche.slug]))
    assert public.status_code == 200


def test_unpublishing_makes_the_page_404_and_keeps_its_address(client, investigation):
    fiche = FicheFactory(investigation=investigation, published=True)
    slug = fiche.slug
    client.force_login(investigation.programme.coach)
    client.post(publication_url(investigation), {"action": "unpublish"})
    fiche.refresh_from_db()
    assert not fiche.is_published and fiche.slug == slug
    client.logout()
    assert client.get(reverse("investigations:public_problem", args=[slug])).status_code == 404
    client.force_login(investigation.programme.coach)
    client.post(publication_url(investigation), {"action": "publish"})
    fiche.refresh_from_db()
    assert fiche.slug == slug


def test_the_designer_may_not_publish(client, investigation):
    FicheFactory(investigation=investigation)
    client.force_login(investigation.programme.designer)
    assert client.post(publication_url(investigation)).status_code == 403
    assert not Fiche.objects.published().exists()


@pytest.mark.parametrize(
    ("causes", "shown"),
    [
        ("Voir avec le CCAS.\nÉcrire à marie.durand@lehavre.fr pour les chiffres.", "ligne 2"),
        ("Le standard (02 35 19 45 45) sature.", "un numéro de téléphone"),
        ("Mme Hélène Lefebvre nous a tout expliqué.", "le nom d’une personne rencontrée"),
        ("Selon LEFEBVRE, rien ne change.", "Hélène Lefebvre"),
    ],
)
def test_publication_is_refused_with_the_offending_line(client, investigation, causes, shown):
    WeeklyLogFactory(
        investigation=investigation, week=1, people_met_names="Hélène Lefebvre (CCAS)\n"
    )
    fiche = FicheFactory(investigation=investigation, causes=causes)
    client.force_login(investigation.programme.coach)
    response = client.post(publication_url(investigation), {"action": "publish"})
    assert response.status_code == 200
    assertContains(response, "La fiche ne peut pas être publique en l’état")
    assertContains(response, "« principales causes »")
    assertContains(response, shown)
    fiche.refresh_from_db()
    assert not fiche.is_published
    assert not investigation.milestones.get(kind=Milestone.Kind.PUBLIC_PAGE).is_done


def test_the_team_may_not_add_a_phone_number_to_a_published_fiche(client, investigation, member):
    fiche = FicheFactory(investigation=investigation, published=True)
    client.force_login(member)
    response = client.post(
        form_url(investigation),
        fiche_data(
            investigation, version=fiche.version, expected_impact="Appelez le 06 12 34 56 78"
        ),
    )
    assertContains(response, "« impact recherché », ligne 1 : « Appelez le 06 12 34 56 78 »")
    fiche.refresh_from_db()
    assert fiche.expected_impact == "Moitié moins de rendez-vous manqués."


def test_an_empty_problem_statement_is_not_published(client, investigation):
    FicheFactory(investigation=investigation, problem_statement="  ")
    client.force_login(UserFactory(admin=True))
    response = client.post(publication_url(investigation), {"action": "publish"})
    assertContains(response, "La section « problématique identifiée » est vide.")


def test_nothing_is_written_outside_the_investigation_phase(client, investigation, member):
    Programme.objects.filter(pk=investigation.programme.pk).update(status=Programme.Status.CLOSED)
    client.force_login(member)
    response = client.get(form_url(investigation))
    assertNotContains(response, "Enregistrer la fiche")
    response = client.post(form_url(investigation), fiche_data(investigation))
    assert response.status_code == 200
    assert not Fiche.objects.exists()


def test_the_log_form_asks_for_the_names_of_the_people_met(client, investigation, member):
    client.force_login(member)
    response = client.get(reverse("investigations:log_form", args=[investigation.pk, 1]))
    assertContains(response, "Noms des personnes rencontrées")
    assertContains(response, "la fiche problème publique ne peut pas les contenir")
