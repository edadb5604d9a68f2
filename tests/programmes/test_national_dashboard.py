"""The national dashboard: admins only, figures against hand-computed values on known
data, and a query count that does not grow with the number of programmes."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview, Conclusion
from programmes.models import Collectivity, Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory, theme
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory

PARIS = ZoneInfo("Europe/Paris")
# A Friday in week 5 of the programme in investigation (sessions on Thursdays from
# 5 February 2026): four weeks are over.
TODAY = datetime.datetime(2026, 3, 6, 12, 0, tzinfo=PARIS)
URL = reverse("programmes:national_dashboard")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def admin():
    return UserFactory(admin=True)


def programme_in(status, collectivities, **dates):
    defaults = {
        Programme.Status.DRAFT: (datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)),
        Programme.Status.CALL_OPEN: (datetime.date(2026, 3, 1), datetime.date(2026, 3, 27)),
        Programme.Status.INVESTIGATION: (datetime.date(2026, 1, 5), datetime.date(2026, 1, 9)),
        Programme.Status.CLOSED: (datetime.date(2025, 1, 6), datetime.date(2025, 1, 31)),
    }
    opens, closes = defaults[status]
    return ProgrammeFactory(
        status=status,
        call_opens_on=opens,
        call_closes_on=closes,
        investigation_starts_on=closes + datetime.timedelta(days=24),
        weekday=Programme.Weekday.THURSDAY,
        weeks=10,
        collectivities=collectivities,
        **dates,
    )


@pytest.fixture
def known():
    """Four programmes in four collectivité kinds and two départements."""
    le_havre = CollectivityFactory(name="Ville du Havre", departement_code="76")
    metropole = CollectivityFactory(
        name="Le Havre Seine Métropole", kind=Collectivity.Kind.EPCI, departement_code="76"
    )
    rouen = CollectivityFactory(name="Rouen", departement_code="76")
    calvados = CollectivityFactory(
        name="Calvados", kind=Collectivity.Kind.DEPARTEMENT, departement_code="14"
    )
    normandie = CollectivityFactory(
        name="Région Normandie", kind=Collectivity.Kind.REGION, departement_code=""
    )
    havre = programme_in(
        Programme.Status.INVESTIGATION, [le_havre, metropole], name="Le Havre", slug="le-havre"
    )
    rouen_programme = programme_in(Programme.Status.CALL_OPEN, [rouen], name="Rouen")
    programme_in(Programme.Status.DRAFT, [calvados], name="Calvados")
    normandie_programme = programme_in(Programme.Status.CLOSED, [normandie], name="Normandie")

    Status = ProblemSubmission.Status
    first_problem, second_problem = (
        ProblemSubmissionFactory(programme=havre, status=Status.SELECTED, submitted_at=TODAY)
        for _ in range(2)
    )
    ProblemSubmissionFactory(programme=havre, status=Status.DECLINED, submitted_at=TODAY)
    ProblemSubmissionFactory(programme=havre)  # a draft: not counted
    for _ in range(2):
        ProblemSubmissionFactory(programme=rouen_programme, submitted=True)

    # On a team here and one in Normandie: one intrapreneur (one team per programme).
    shared = MembershipFactory(collectivity=le_havre).user
    first = InvestigationFactory(
        programme=havre,
        submission=first_problem,
        members=[MembershipFactory(collectivity=le_havre).user, shared],
    )
    second = InvestigationFactory(
        programme=havre,
        submission=second_problem,
        members=[MembershipFactory(collectivity=le_havre).user],
    )
    WeeklyLogFactory(
        investigation=first,
        week=1,
        submitted=True,
        hours_spent=7,
        usagers_met=3,
        agents_met=2,
        partners_met=1,
    )
    WeeklyLogFactory(
        investigation=first,
        week=2,
        submitted=True,
        hours_spent=Decimal("3.5"),
        usagers_met=2,
        agents_met=0,
        partners_met=0,
    )
    WeeklyLogFactory(investigation=second, week=1, hours_spent=9, usagers_met=9)  # a draft
    closed = InvestigationFactory(programme=normandie_programme, members=[shared])

    CommitteeReview.objects.create(investigation=first, decision=CommitteeReview.Decision.BUILD)
    CommitteeReview.objects.create(investigation=second)  # no decision yet
    CommitteeReview.objects.create(investigation=closed, decision=CommitteeReview.Decision.ABANDON)
    Conclusion.objects.create(
        investigation=first,
        problem_confirmed=Conclusion.Confirmed.YES,
        summary="Un rendez-vous sur quatre est manqué.",
        recommendation=Conclusion.Recommendation.BUILD_DIGITAL,
    )
    Conclusion.objects.create(
        investigation=closed,
        problem_confirmed=Conclusion.Confirmed.NO,
        summary="Le problème est marginal.",
        recommendation=Conclusion.Recommendation.STOP,
    )
    return {"havre": havre, "first": first}


# Who may see it


def test_admins_see_the_national_dashboard(client, admin):
    client.force_login(admin)

    assertContains(client.get(URL), "<h1>Tableau de bord national</h1>", html=True)


@pytest.mark.parametrize("role", ["coach", "designer", "referent", "agent", "intrapreneur"])
def test_everyone_else_is_refused(client, known, role):
    havre = known["havre"]
    users = {
        "coach": havre.coach,
        "designer": havre.designer,
        "referent": MembershipFactory(
            collectivity=havre.collectivities.first(), referent=True
        ).user,
        "agent": MembershipFactory(collectivity=havre.collectivities.first()).user,
        "intrapreneur": known["first"].team.first(),
    }
    client.force_login(users[role])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    assertRedirects(client.get(URL), f"{reverse('account_login')}?next={URL}")


def test_the_menu_offers_it_to_admins_only(client, admin, known):
    client.force_login(admin)
    assertContains(client.get(reverse("programmes:programme_list")), f'href="{URL}"')

    client.force_login(known["havre"].coach)
    assertNotContains(client.get(reverse("programmes:programme_list")), URL)


# The figures


def test_programmes_are_counted_by_status_kind_and_departement(client, admin, known):
    client.force_login(admin)

    response = client.get(URL)

    by_status, by_kind, by_departement = response.context["programme_charts"]
    assert by_status.table_rows == (
        ("Brouillon", "1"),
        ("Appel ouvert", "1"),
        ("Sélection", "0"),
        ("Investigation", "1"),
        ("Clos", "1"),
    )
    # Columns: draft, call open, selection, investigation, closed, total.
    assert by_kind.table_rows == (
        ("Commune", "0", "1", "0", "1", "0", "2"),
        ("Intercommunalité (EPCI)", "0", "0", "0", "1", "0", "1"),
        ("Département", "1", "0", "0", "0", "0", "1"),
        ("Région", "0", "0", "0", "0", "1", "1"),
        ("Autre", "0", "0", "0", "0", "0", "0"),
    )
    # Le Havre's two collectivités are both in the 76: the programme counts once there.
    assert by_departement.table_rows == (
        ("76", "2"),
        ("Département non renseigné", "1"),
        ("14", "1"),
    )


def test_the_totals_count_submitted_work_only(client, admin, known):
    client.force_login(admin)

    response = client.get(URL)

    assert response.context["key_figures"] == [
        ("programmes", "4"),
        ("problèmes déposés", "6"),  # Le Havre 3, Rouen 2, Normandie's investigated one
        ("investigations", "3"),
        ("intrapreneurs", "3"),
        ("journaux envoyés", "2"),
        ("personnes rencontrées", "8"),
        ("heures consacrées", "10,5"),
    ]


def test_committee_decisions_and_conclusions_are_counted(client, admin, known):
    client.force_login(admin)

    response = client.get(URL)

    decisions, recommendations, confirmations = response.context["outcome_charts"]
    assert decisions.table_rows == (
        ("Abandonner", "1"),
        ("Pivoter", "0"),
        ("Poursuivre hors de l’Incubateur", "0"),
        ("Lancer la construction d’un service", "1"),
    )
    assert recommendations.table_rows == (
        ("Construire un service numérique", "1"),
        ("Changer l’organisation", "0"),
        ("Poursuivre l’investigation", "0"),
        ("Arrêter", "1"),
    )
    assert confirmations.table_rows == (("Oui", "1"), ("En partie", "0"), ("Non", "1"))


def test_every_programme_has_its_progress_in_the_table(client, admin, known):
    client.force_login(admin)

    response = client.get(URL)

    rows = {programme.name: programme for programme in response.context["programmes"]}
    havre = rows["Le Havre"]
    assert (havre.submitted_count, havre.investigation_count) == (3, 2)
    # Four weeks over for each of the two investigations; two logs sent.
    assert (havre.current_week, havre.logs_submitted, havre.logs_expected) == (5, 2, 8)
    assert (rows["Normandie"].logs_submitted, rows["Normandie"].logs_expected) == (0, 10)
    assert rows["Rouen"].submitted_count == 2
    assertContains(response, "Semaine 5 sur 10")
    assertContains(response, "2 sur 8 attendus")
    assertContains(response, "Appel ouvert jusqu’au 27 mars 2026")
    assertContains(response, "Appel prévu le 1 avril 2026")
    assertContains(response, "Clos après 10 semaines")
    assertContains(
        response, f'href="{reverse("programmes:programme_dashboard", args=["le-havre"])}"'
    )


def test_with_no_programme_at_all_the_page_says_so(client, admin):
    client.force_login(admin)

    response = client.get(URL)

    assertContains(response, "Aucun programme pour l’instant.")
    assertContains(response, "Aucun comité n’a encore décidé.")


# Speed


def populate(size):
    """`size` programmes, each with two collectivités, two submissions, an investigation
    with a log, a committee decision and a conclusion."""
    for index in range(size):
        collectivities = [
            CollectivityFactory(departement_code=f"{10 + index % 5}"),
            CollectivityFactory(kind=Collectivity.Kind.EPCI),
        ]
        programme = programme_in(Programme.Status.INVESTIGATION, collectivities)
        problem = ProblemSubmissionFactory(
            programme=programme, status=ProblemSubmission.Status.SELECTED, submitted_at=TODAY
        )
        ProblemSubmissionFactory(programme=programme, submitted=True)
        investigation = InvestigationFactory(
            programme=programme, submission=problem, members__size=1
        )
        WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        CommitteeReview.objects.create(
            investigation=investigation, decision=CommitteeReview.Decision.PIVOT
        )
        Conclusion.objects.create(
            investigation=investigation,
            problem_confirmed=Conclusion.Confirmed.PARTLY,
            summary="En partie.",
            recommendation=Conclusion.Recommendation.CHANGE_ORGANISATION,
        )


def test_the_dashboard_runs_the_same_queries_whatever_the_number_of_programmes(
    client, admin, django_assert_num_queries
):
    client.force_login(admin)

    def count_queries():
        # session, user; by status, by kind and status, by département; submissions,
        # investigations, logs, decisions, conclusions; the funnel (submissions,
        # investigations); problems by theme; the navigation's roles (memberships,
        # followed programmes, team memberships); the themes of the filter; the
        # programmes counted (pagination), the page of programmes with their figures,
        # their collectivités
        with django_assert_num_queries(20):
            response = client.get(URL)
        assert response.status_code == 200
        return response

    populate(1)
    small = count_queries()
    populate(9)
    large = count_queries()
    assert len(small.context["programmes"]) == 1 and len(large.context["programmes"]) == 10
    assert large.context["key_figures"][1] == ("problèmes déposés", "20")


def test_the_page_is_kept_until_a_programme_changes_and_dated(
    client, admin, time_machine, django_assert_num_queries
):
    populate(1)
    client.force_login(admin)
    first = client.get(URL)
    assertContains(first, "Chiffres calculés à 12:00 et recalculés après chaque modification.")

    # Half an hour later, nothing written: the same content, from the cache. Session,
    # user, roles (3) only.
    time_machine.move_to(TODAY + datetime.timedelta(minutes=30), tick=False)
    with django_assert_num_queries(5):
        kept = client.get(URL)
    assertContains(kept, "Chiffres calculés à 12:00")
    assertContains(kept, '<span class="key-figures__value">2</span> problèmes déposés')

    # A write to any programme: counted at once.
    populate(1)
    changed = client.get(URL)
    assert changed.context["key_figures"][1] == ("problèmes déposés", "4")
    assertContains(changed, "Chiffres calculés à 12:30")
    assert len(changed.context["programmes"]) == 2


def test_programmes_come_ten_a_page_the_newest_first(client, admin):
    populate(12)
    client.force_login(admin)

    first = client.get(URL)
    second = client.get(URL, {"page": 2}, headers={"HX-Request": "true"})

    assert len(first.context["programmes"]) == 10
    assertContains(first, "Programmes 1 à 10 sur 12, les plus récents d’abord")
    assert len(second.context["programmes"]) == 2
    assertContains(second, "Programmes 11 à 12 sur 12")
    assertNotContains(second, "<h1>")
    starts = [p.investigation_starts_on for p in first.context["programmes"]]
    assert starts == sorted(starts, reverse=True)


def test_the_funnel_of_a_theme_adds_its_queries_whatever_the_number_of_programmes(
    client, admin, django_assert_num_queries
):
    client.force_login(admin)

    def count_queries():
        # The twenty queries of the unfiltered page, with the programmes filtered by the
        # theme, plus: the theme of the filter (its slug checked), the funnel of that
        # theme (submissions, investigations), counted live
        with django_assert_num_queries(23):
            response = client.get(URL, {"theme": "mobilite"})
        assert response.status_code == 200
        return response

    populate(1)
    mobility = theme("mobilite")
    for submission in ProblemSubmission.objects.all():
        submission.themes.add(mobility)
    small = count_queries()
    populate(9)
    for submission in ProblemSubmission.objects.all():
        submission.themes.add(mobility)
    large = count_queries()
    assert small.context["funnel_chart"].table_rows[0][1] == "2"
    assert large.context["funnel_chart"].table_rows[0][1] == "20"
