"""After the committee: each decision opens its next step (investigations.next_steps)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from incubateur.audit.models import AuditEvent
from intrapreneurs.models import ProblemSubmission
from investigations.models import CheckInAnswer, CommitteeReview, Conclusion, NextStep
from investigations.next_steps import next_step_save, pivot_create
from investigations.phase import programme_close
from investigations.publication import PublicationRefused, fiche_publish
from investigations.services import committee_save, conclusion_save, hypothesis_add
from programmes.models import Membership, Programme, TransitionError
from reports.data import investigations_for_report
from reports.rendering import programme_report_html
from tests.investigations.factories import FicheFactory, InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory


def decide(investigation, decision):
    review = CommitteeReview(
        investigation=investigation, decision=decision, decided_on=timezone.localdate()
    )
    return committee_save(review=review, by=investigation.programme.coach)


def member(investigation):
    return investigation.team.order_by("pk").first()


def url(investigation):
    return reverse("investigations:next_step", args=[investigation.pk])


POST_MORTEM = {
    "abandon_why": "Le problème existe mais reste marginal.",
    "abandon_learnings": "Les usagers concernés sont déjà accompagnés.",
    "abandon_changes": "Une hausse nette des demandes.",
}


def test_abandon_post_mortem_is_written_by_the_team(client):
    investigation = InvestigationFactory()
    decide(investigation, "abandon")
    client.force_login(member(investigation))

    response = client.post(url(investigation), POST_MORTEM, follow=True)

    next_step = NextStep.objects.get(investigation=investigation)
    assert next_step.abandon_why == POST_MORTEM["abandon_why"]
    assert next_step.is_complete_for("abandon")
    event = AuditEvent.objects.get(action="next_step.saved")
    assert (event.actor, event.programme) == (member(investigation), investigation.programme)
    assert event.changes == {"decision": "abandon", "fields": []}
    assert "Les usagers concernés sont déjà accompagnés." in response.content.decode()


def test_an_incomplete_post_mortem_is_refused_in_french_and_input_kept(client):
    investigation = InvestigationFactory()
    decide(investigation, "abandon")
    client.force_login(member(investigation))

    response = client.post(url(investigation), {**POST_MORTEM, "abandon_changes": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce champ est obligatoire." in page
    assert POST_MORTEM["abandon_why"] in page
    assert not NextStep.objects.exists()


def test_the_programme_cannot_close_before_the_post_mortem(client):
    investigation = InvestigationFactory()
    decide(investigation, "abandon")
    conclusion_save(
        conclusion=Conclusion(
            investigation=investigation,
            problem_confirmed="partly",
            summary="Marginal.",
            recommendation="stop",
        ),
        by=member(investigation),
    )
    programme = investigation.programme
    after = programme.session_dates()[-1] + datetime.timedelta(days=1)

    with pytest.raises(TransitionError, match="bilan d’abandon"):
        programme_close(programme=programme, by=programme.coach, today=after)

    client.force_login(member(investigation))
    client.post(url(investigation), POST_MORTEM)
    programme_close(programme=programme, by=programme.coach, today=after)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.CLOSED


def test_the_post_mortem_is_in_the_report(client):
    investigation = InvestigationFactory()
    decide(investigation, "abandon")
    client.force_login(member(investigation))
    client.post(url(investigation), POST_MORTEM)

    html = programme_report_html(investigation.programme, today=timezone.localdate())

    assert "Bilan d’abandon" in html
    assert POST_MORTEM["abandon_changes"] in html


def test_continue_elsewhere_names_where_with_a_link(client):
    investigation = InvestigationFactory()
    decide(investigation, "continue_outside")
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation),
        {
            "elsewhere_kind": "national_programme",
            "elsewhere_name": "France Services",
            "elsewhere_url": "https://www.france-services.gouv.fr/",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "France Services" in page
    assert 'href="https://www.france-services.gouv.fr/"' in page


def test_continue_elsewhere_refuses_a_url_that_is_not_one(client):
    investigation = InvestigationFactory()
    decide(investigation, "continue_outside")
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation),
        {"elsewhere_kind": "collectivity", "elsewhere_name": "Rouen", "elsewhere_url": "x"},
    )

    assert "Saisissez une adresse web complète" in response.content.decode()
    assert not NextStep.objects.exists()


PRODUCT = {
    "product_context": "Un quart des rendez-vous ne sont pas honorés.",
    "product_solution": "Des rappels par SMS la veille.",
    "product_strategy": "Tester avec deux centres sociaux.",
    "product_impact_objective": "30 % de rendez-vous non honorés en moins.",
}


def test_build_fiche_produit_puts_the_investigation_in_construction(client):
    investigation = InvestigationFactory()
    decide(investigation, "build")
    client.force_login(member(investigation))

    client.post(url(investigation), PRODUCT)

    next_step = NextStep.objects.get(investigation=investigation)
    assert next_step.in_construction
    assert next_step.construction_started_on == timezone.localdate()
    page = client.get(
        reverse("investigations:investigation_detail", args=[investigation.pk])
    ).content.decode()
    assert "En construction" in page
    assert url(investigation) in page


def test_pivot_creates_a_linked_draft_carrying_team_learnings_and_hypotheses(client):
    investigation = InvestigationFactory()
    hypothesis_add(
        investigation=investigation,
        statement="Les usagers oublient leurs rendez-vous",
        by=member(investigation),
    )
    next_call = ProgrammeFactory(draft=True, collectivities=[investigation.submission.collectivity])
    decide(investigation, "pivot")
    intrapreneur = member(investigation)
    client.force_login(intrapreneur)

    client.post(
        url(investigation),
        {
            "programme": next_call.pk,
            "title": "Les rendez-vous pris par téléphone",
            "learnings": "Le problème vient de la prise de rendez-vous.",
        },
    )

    draft = ProblemSubmission.objects.get(programme=next_call)
    assert draft.status == ProblemSubmission.Status.DRAFT
    assert draft.author == intrapreneur
    assert "Le problème vient de la prise de rendez-vous." in draft.problem
    assert "Les usagers oublient leurs rendez-vous" in draft.problem
    assert {c.agent for c in draft.intrapreneurs.all()} == set(investigation.team.all())
    assert NextStep.objects.get(investigation=investigation).pivot_submission == draft
    # Both pages link each other.
    investigation_page = client.get(url(investigation)).content.decode()
    assert reverse("intrapreneurs:submission_detail", args=[draft.pk]) in investigation_page
    draft_page = client.get(
        reverse("intrapreneurs:submission_detail", args=[draft.pk])
    ).content.decode()
    assert reverse("investigations:investigation_detail", args=[investigation.pk]) in draft_page


def test_pivot_only_to_a_coming_call_of_the_same_collectivity():
    investigation = InvestigationFactory()
    elsewhere = ProgrammeFactory(draft=True)
    decide(investigation, "pivot")

    with pytest.raises(TransitionError):
        pivot_create(
            investigation=investigation,
            programme=elsewhere,
            title="Ailleurs",
            learnings="…",
            by=member(investigation),
        )
    assert not ProblemSubmission.objects.filter(programme=elsewhere).exists()


def test_pivot_twice_is_refused():
    investigation = InvestigationFactory()
    next_call = ProgrammeFactory(draft=True, collectivities=[investigation.submission.collectivity])
    decide(investigation, "pivot")
    arguments = {
        "investigation": investigation,
        "programme": next_call,
        "title": "Pivot",
        "learnings": "Appris",
    }
    pivot_create(**arguments, by=member(investigation))

    with pytest.raises(TransitionError, match="existe déjà"):
        pivot_create(**arguments, by=member(investigation))
    assert ProblemSubmission.objects.filter(programme=next_call).count() == 1


def test_a_referent_reads_but_may_not_write(client):
    investigation = InvestigationFactory()
    decide(investigation, "abandon")
    referent = MembershipFactory(
        collectivity=investigation.programme.collectivities.first(),
        role=Membership.Role.REFERENT,
    ).user
    client.force_login(referent)

    assert client.get(url(investigation)).status_code == 200
    assert client.post(url(investigation), POST_MORTEM).status_code == 403
    assert not NextStep.objects.exists()


def test_without_a_decision_nothing_is_saved(client):
    investigation = InvestigationFactory()
    client.force_login(member(investigation))

    response = client.post(url(investigation), POST_MORTEM)

    assert response.status_code == 200
    assert not NextStep.objects.exists()


def test_the_report_reads_next_steps_without_extra_queries(django_assert_num_queries):
    investigation = InvestigationFactory()
    decide(investigation, "build")
    NextStep.objects.create(investigation=investigation, **PRODUCT)
    chapters = list(investigations_for_report(Programme.objects.get().investigations.all()))

    with django_assert_num_queries(0):
        assert chapters[0].next_step.product_solution == PRODUCT["product_solution"]


def test_the_report_shows_the_follow_up_where_it_exists():
    investigation = InvestigationFactory()
    InvestigationFactory(programme=investigation.programme)  # without follow-up
    review = decide(investigation, "build")
    review.decided_on = timezone.localdate() - datetime.timedelta(days=100)
    review.save()
    CheckInAnswer.objects.create(
        investigation=investigation,
        month=3,
        respondent=member(investigation),
        status="live",
        service_url="https://beta.gouv.fr/startups/rdv.html",
        impact_figure="120 rendez-vous honorés de plus",
        impact_source="CCAS",
    )

    html = programme_report_html(investigation.programme, today=timezone.localdate())

    assert html.count("Le suivi après le comité") == 1
    assert "Point de suivi à 3 mois" in html
    assert "120 rendez-vous honorés de plus" in html
    assert "https://beta.gouv.fr/startups/rdv.html" in html


def test_a_published_fiche_refuses_a_post_mortem_naming_a_person_met(client):
    investigation = InvestigationFactory()
    WeeklyLogFactory(investigation=investigation, people_met_names="Hélène Lefebvre (CCAS)\n")
    FicheFactory(investigation=investigation, published=True)
    decide(investigation, "abandon")
    client.force_login(member(investigation))
    data = {**POST_MORTEM, "abandon_learnings": "Mme Lefebvre nous l’a confirmé."}

    response = client.post(url(investigation), data)

    assert response.status_code == 200
    assertContains(response, "le nom d’une personne rencontrée ou de l’équipe")
    assertContains(response, "Mme Lefebvre nous l’a confirmé.")  # input kept
    assert not NextStep.objects.filter(investigation=investigation).exists()


def test_a_published_fiche_refuses_an_email_where_the_problem_continues(client):
    investigation = InvestigationFactory()
    FicheFactory(investigation=investigation, published=True)
    decide(investigation, "continue_outside")
    client.force_login(member(investigation))
    data = {
        "elsewhere_kind": "existing_service",
        "elsewhere_name": "contact@exemple.fr",
        "elsewhere_url": "https://exemple.fr/",
    }

    response = client.post(url(investigation), data)

    assertContains(response, "une adresse électronique")
    assert not NextStep.objects.filter(investigation=investigation).exists()


def test_an_unpublished_fiche_lets_the_post_mortem_name_people():
    """Publication checks it then (see the next test)."""
    investigation = InvestigationFactory()
    WeeklyLogFactory(investigation=investigation, people_met_names="Hélène Lefebvre\n")
    FicheFactory(investigation=investigation)
    decide(investigation, "abandon")
    step = NextStep(
        investigation=investigation, **{**POST_MORTEM, "abandon_why": "Selon Mme Lefebvre."}
    )
    next_step_save(next_step=step, by=member(investigation))
    assert step.pk


def test_publication_is_refused_while_the_post_mortem_names_a_person_met():
    investigation = InvestigationFactory()
    WeeklyLogFactory(investigation=investigation, people_met_names="Hélène Lefebvre\n")
    fiche = FicheFactory(investigation=investigation)
    decide(investigation, "abandon")
    NextStep.objects.create(
        investigation=investigation, **{**POST_MORTEM, "abandon_why": "Selon Mme Lefebvre."}
    )
    with pytest.raises(PublicationRefused) as refused:
        fiche_publish(fiche=fiche, by=investigation.programme.coach)
    assert "« pourquoi l’investigation s’arrête », ligne 1" in str(refused.value)
    fiche.refresh_from_db()
    assert not fiche.is_published
