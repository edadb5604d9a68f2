"""The committee grid, the conclusion and the next step share one page layout
(templates/investigations/outcome/page.html): each names itself in its title, breadcrumb
and heading, under the problem's title; a reader is told who writes and gets a link back,
a writer gets the form with its buttons."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview
from investigations.services import committee_save
from programmes.models import Membership
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory

BACK_LINK = (
    '<a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="{}">'
    "Retour à l’investigation</a>"
)
BACK_BUTTON = '<a class="fr-btn fr-btn--secondary" href="{}">Retour à l’investigation</a>'


def team_member(investigation):
    return investigation.team.order_by("pk").first()


def referent(investigation):
    return MembershipFactory(
        collectivity=investigation.programme.collectivities.first(),
        role=Membership.Role.REFERENT,
    ).user


PAGES = {
    "committee": {
        "url": "investigations:committee_review",
        "title": "Comité d’investissement",
        "breadcrumb": "Comité d’investissement",
        "heading": "Comité d’investissement",
        "reader": team_member,
        "readonly": "Vous consultez la grille du comité : le coach et le designer du "
        "programme la remplissent.",
        "writer": lambda investigation: investigation.programme.coach,
        "submit": "Enregistrer la grille",
    },
    "conclusion": {
        "url": "investigations:conclusion",
        "title": "Conclusion",
        "breadcrumb": "Conclusion",
        "heading": "Conclusion de l’investigation",
        "reader": lambda investigation: investigation.programme.coach,
        "readonly": "Vous consultez la conclusion : les intrapreneurs de l’équipe la rédigent.",
        "writer": team_member,
        "submit": "Enregistrer la conclusion",
    },
    "next step": {
        "url": "investigations:next_step",
        "title": "Après le comité",
        "breadcrumb": "Après le comité",
        "heading": "Après le comité",
        "reader": referent,
        "readonly": "Vous consultez la suite donnée au comité : l’équipe et son coach l’écrivent.",
        "writer": team_member,
        "submit": "Enregistrer",
    },
}


@pytest.fixture
def investigation():
    investigation = InvestigationFactory()
    ProblemSubmission.objects.filter(pk=investigation.submission_id).update(
        title="Les rendez-vous manqués"
    )
    review = CommitteeReview(
        investigation=investigation, decision="abandon", decided_on=timezone.localdate()
    )
    committee_save(review=review, by=investigation.programme.coach)
    return investigation


def assert_names_itself_under_the_investigation(response, investigation, page):
    investigation_url = reverse("investigations:investigation_detail", args=[investigation.pk])
    assertContains(response, f"<title>{page['title']} — Les rendez-vous manqués — ")
    assertContains(
        response,
        f'<a class="fr-breadcrumb__link" href="{investigation_url}">Les rendez-vous manqués</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a class="fr-breadcrumb__link" aria-current="page">{page["breadcrumb"]}</a>',
        html=True,
    )
    assertContains(response, f"<h1>{page['heading']}</h1>", html=True)
    assertContains(response, '<p class="fr-text--lead">Les rendez-vous manqués</p>', html=True)
    return investigation_url


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_reader_is_told_who_writes_and_led_back(client, investigation, page):
    client.force_login(page["reader"](investigation))

    response = client.get(reverse(page["url"], args=[investigation.pk]))

    investigation_url = assert_names_itself_under_the_investigation(response, investigation, page)
    assertContains(response, f'<p class="fr-notice__title">{page["readonly"]}</p>', html=True)
    assertContains(response, BACK_LINK.format(investigation_url), html=True)
    assertNotContains(response, 'type="submit">' + page["submit"])


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_writer_gets_the_form_and_its_buttons(client, investigation, page):
    client.force_login(page["writer"](investigation))
    url = reverse(page["url"], args=[investigation.pk])

    response = client.get(url)

    investigation_url = assert_names_itself_under_the_investigation(response, investigation, page)
    assertContains(response, f'<form method="post" action="{url}" novalidate>')
    assertContains(
        response, f'<button class="fr-btn" type="submit">{page["submit"]}</button>', html=True
    )
    assertContains(response, BACK_BUTTON.format(investigation_url), html=True)
    assertNotContains(response, "fr-notice__title")


def test_a_pivot_without_a_next_call_cannot_be_submitted(client):
    investigation = InvestigationFactory()
    review = CommitteeReview(
        investigation=investigation, decision="pivot", decided_on=timezone.localdate()
    )
    committee_save(review=review, by=investigation.programme.coach)
    client.force_login(team_member(investigation))

    response = client.get(reverse("investigations:next_step", args=[investigation.pk]))

    assertContains(response, "Aucun prochain appel n’est prévu pour cette collectivité")
    disabled = '<button class="fr-btn" type="submit" disabled>Créer le brouillon</button>'
    assertContains(response, disabled, html=True)
