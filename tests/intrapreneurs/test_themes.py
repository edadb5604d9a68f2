"""Themes: a vocabulary seeded by a migration and edited in the admin; the agent sets
them on a submission, the selection committee corrects them, and the selection list, the
coaches' dashboard and the national dashboard filter by them (plain GET forms: no
JavaScript needed)."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.audit.models import AuditEvent
from intrapreneurs.models import ProblemSubmission, Theme
from reports import figures
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory, theme
from tests.investigations.factories import FicheFactory, InvestigationFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.usefixtures("media_root")


def test_the_migration_seeds_the_vocabulary_once():
    Theme.objects.all().delete()  # a browser test may have emptied it already
    seed = importlib.import_module("intrapreneurs.migrations.0003_seed_themes").seed
    seed(apps, None)
    seed(apps, None)
    names = list(Theme.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 12
    assert {"Accès aux droits", "Mobilité", "Ressources internes", "Habitat et logement"} <= set(
        names
    )


def test_the_agent_chooses_themes_when_submitting(client):
    programme = ProgrammeFactory(call_open=True)
    agent = MembershipFactory(collectivity=programme.collectivities.get()).user
    client.force_login(agent)
    response = client.get(reverse("intrapreneurs:submission_create", args=[programme.slug]))
    assertContains(response, "Thématiques")
    client.post(
        reverse("intrapreneurs:submission_create", args=[programme.slug]),
        {
            "title": "Les bus de nuit",
            "problem": "Ils passent trop tôt.",
            "affected_users": "Les agents de nuit.",
            "service": "Mobilités",
            "themes": [theme("mobilite").pk, theme("ressources-internes").pk],
            "action": "submit",
        },
    )
    submission = ProblemSubmission.objects.get(title="Les bus de nuit")
    assert set(submission.themes.values_list("slug", flat=True)) == {
        "mobilite",
        "ressources-internes",
    }


@pytest.fixture
def selection():
    programme = ProgrammeFactory(selection=True)
    referent = MembershipFactory(referent=True, collectivity=programme.collectivities.get()).user
    return programme, referent


def themes_url(submission):
    return reverse(
        "intrapreneurs:submission_themes", args=[submission.programme.slug, submission.pk]
    )


def test_the_committee_corrects_the_themes(client, selection):
    programme, referent = selection
    submission = ProblemSubmissionFactory(programme=programme, submitted=True)
    submission.themes.add(theme("mobilite"))
    client.force_login(referent)
    detail = client.get(
        reverse("intrapreneurs:selection_detail", args=[programme.slug, submission.pk])
    )
    assertContains(detail, "Enregistrer les thématiques")
    response = client.post(themes_url(submission), {"themes": [theme("culture-et-sport").pk]})
    assert response.status_code == 302
    assert list(submission.themes.values_list("slug", flat=True)) == ["culture-et-sport"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUBMISSION_UPDATED)
    assert event.actor == referent and event.changes == {"fields": ["themes"]}


def test_an_unknown_theme_is_refused_and_nothing_changes(client, selection):
    programme, referent = selection
    submission = ProblemSubmissionFactory(programme=programme, submitted=True)
    submission.themes.add(theme("mobilite"))
    client.force_login(referent)
    response = client.post(
        themes_url(submission), {"themes": ["99999999999999999999"]}, follow=True
    )
    assertContains(response, "Cette thématique n’existe pas")
    assert list(submission.themes.values_list("slug", flat=True)) == ["mobilite"]


def test_the_selection_list_filters_by_theme(client, selection):
    programme, referent = selection
    bus = ProblemSubmissionFactory(programme=programme, submitted=True, title="Les bus de nuit")
    bus.themes.add(theme("mobilite"))
    ProblemSubmissionFactory(programme=programme, submitted=True, title="Les crèches pleines")
    client.force_login(referent)
    url = reverse("intrapreneurs:selection_list", args=[programme.slug])
    response = client.get(url, {"theme": "mobilite"})
    assertContains(response, "Les bus de nuit")
    assertNotContains(response, "Les crèches pleines")
    unknown = client.get(url, {"theme": "inconnue"})
    assertContains(unknown, "Cette thématique n’existe pas")
    assertContains(unknown, "Les crèches pleines")


def test_the_coach_dashboard_filters_by_theme(client):
    programme = ProgrammeFactory(investigation=True)
    bus = InvestigationFactory(programme=programme, members__size=1)
    bus.submission.themes.add(theme("mobilite"))
    other = InvestigationFactory(programme=programme, members__size=1)
    client.force_login(programme.coach)
    response = client.get(reverse("investigations:dashboard"), {"theme": "mobilite"})
    shown = [row.investigation for row in response.context["page"].object_list]
    assert shown == [bus]
    assert other not in shown


def test_the_national_dashboard_counts_problems_by_theme_and_filters_programmes(client):
    mobility = theme("mobilite")
    programme = ProgrammeFactory(investigation=True, name="Programme des bus")
    investigated = InvestigationFactory(programme=programme, members__size=1)
    investigated.submission.themes.add(mobility)
    FicheFactory(investigation=investigated, published=True)
    ProblemSubmissionFactory(programme=programme, submitted=True).themes.add(mobility)
    ProblemSubmissionFactory(programme=programme).themes.add(mobility)  # a draft: not counted
    ProgrammeFactory(investigation=True, name="Programme sans bus")
    client.force_login(UserFactory(admin=True))
    url = reverse("programmes:national_dashboard")
    response = client.get(url)
    row = next(row for row in response.context["national"].by_theme if row[0] == mobility)
    assert row[1:] == (2, 1, 1)
    assertContains(response, "Les problèmes par thématique")
    filtered = client.get(url, {"theme": "mobilite"})
    assert [p.name for p in filtered.context["programmes"]] == ["Programme des bus"]


def test_the_themes_are_read_only_outside_the_selection(client):
    programme = ProgrammeFactory(investigation=True)
    referent = MembershipFactory(referent=True, collectivity=programme.collectivities.get()).user
    submission = ProblemSubmissionFactory(programme=programme, submitted=True)
    submission.themes.add(theme("mobilite"))
    client.force_login(referent)
    detail = client.get(
        reverse("intrapreneurs:selection_detail", args=[programme.slug, submission.pk])
    )
    assertNotContains(detail, "Enregistrer les thématiques")
    assertContains(detail, "Mobilité")
    response = client.post(
        themes_url(submission), {"themes": [theme("culture-et-sport").pk]}, follow=True
    )
    assertContains(response, "La sélection n’est pas en cours")
    assert list(submission.themes.values_list("slug", flat=True)) == ["mobilite"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SUBMISSION_UPDATED).exists()


def test_the_breakdown_by_theme_is_one_query_at_any_size(django_assert_num_queries):
    programme = ProgrammeFactory(investigation=True)

    def add(count):
        for index in range(count):
            investigation = InvestigationFactory(programme=programme, members__size=1)
            investigation.submission.themes.add(theme("mobilite"), theme("environnement"))
            if index % 2:
                FicheFactory(investigation=investigation, published=True)

    add(1)
    with django_assert_num_queries(1):
        small = {t.slug: rest for t, *rest in figures.problems_by_theme()}
    add(6)
    with django_assert_num_queries(1):
        large = {t.slug: rest for t, *rest in figures.problems_by_theme()}
    assert small["mobilite"] == [1, 1, 0]
    assert large["environnement"] == [7, 7, 3]
