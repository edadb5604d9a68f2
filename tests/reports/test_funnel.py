"""The national funnel (reports.funnel): from problems submitted to services that
spread, by year of the call, against hand-counted data; and its chart on the dashboard."""

import datetime

from django.urls import reverse

from intrapreneurs.models import ProblemSubmission
from investigations.models import CheckInAnswer, CommitteeReview, Investigation, NextStep
from programmes.models import Programme
from reports.funnel import funnel
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory, theme
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import ProgrammeFactory


def programme_of(year: int):
    return ProgrammeFactory(
        status=Programme.Status.CLOSED,
        call_opens_on=datetime.date(year, 1, 5),
        call_closes_on=datetime.date(year, 2, 5),
        investigation_starts_on=datetime.date(year, 3, 2),
    )


def investigated(programme, decision, *, answers=(), construction=False):
    submission = ProblemSubmissionFactory(
        programme=programme,
        status=ProblemSubmission.Status.SELECTED,
        submitted_at=datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC),
    )
    investigation = InvestigationFactory(
        programme=programme, submission=submission, members__size=1
    )
    CommitteeReview.objects.create(
        investigation=investigation, decision=decision, decided_on=datetime.date(2025, 5, 1)
    )
    if construction:
        NextStep.objects.create(
            investigation=investigation, construction_started_on=datetime.date(2025, 5, 2)
        )
    member = investigation.team.get()
    for month, status in answers:
        CheckInAnswer.objects.create(
            investigation=investigation, month=month, respondent=member, status=status
        )
    return investigation


def build_data():
    p2025, p2026 = programme_of(2025), programme_of(2026)
    # 2025: three problems investigated, one declined, one draft (not counted).
    investigated(p2025, "build", construction=True, answers=[(3, "live"), (6, "spread")])
    investigated(p2025, "build", answers=[(3, "in_construction")])
    investigated(p2025, "abandon", answers=[(3, "abandoned")])
    ProblemSubmissionFactory(programme=p2025, submitted=True, status="declined")
    ProblemSubmissionFactory(programme=p2025)
    # 2026: one pivot, one problem submitted only.
    investigated(p2026, "pivot")
    ProblemSubmissionFactory(programme=p2026, submitted=True)


def test_the_funnel_counts_each_stage_by_year():
    build_data()

    result = funnel()

    assert result.years == [2025, 2026]
    expected = {
        "submitted": {2025: 4, 2026: 2},
        "selected": {2025: 3, 2026: 1},
        "investigated": {2025: 3, 2026: 1},
        "decision_abandon": {2025: 1, 2026: 0},
        "decision_pivot": {2025: 0, 2026: 1},
        "decision_continue_outside": {2025: 0, 2026: 0},
        "decision_build": {2025: 2, 2026: 0},
        "built": {2025: 2, 2026: 0},
        "live": {2025: 1, 2026: 0},
        "spread": {2025: 1, 2026: 0},
    }
    assert result.counts == expected


def test_the_funnel_takes_two_queries_whatever_the_data(django_assert_num_queries):
    with django_assert_num_queries(2):
        funnel()
    build_data()
    build_data()
    with django_assert_num_queries(2):
        assert funnel().total("investigated") == 8


def test_the_dashboard_shows_the_funnel_as_a_chart_with_its_table(client):
    build_data()
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("programmes:national_dashboard"))

    chart = response.context["funnel_chart"]
    assert chart.table_headers == ("Étape", "Toutes années", "2025", "2026")
    rows = {row[0]: row[1:] for row in chart.table_rows}
    assert rows["Problèmes déposés"] == ("6", "4", "2")
    assert rows["Services en ligne"] == ("1", "1", "0")
    assert rows["Services essaimés"] == ("1", "1", "0")
    assert rows["Comité : Pivoter"] == ("1", "0", "1")
    page = response.content.decode()
    assert 'id="entonnoir-titre"' in page
    assert "De l’appel à problèmes aux services essaimés" in page


def themed(investigation, slug):
    investigation.submission.themes.add(theme(slug))


def test_the_funnel_of_one_theme_counts_its_problems_only():
    build_data()
    mobility = theme("mobilite")
    built = Investigation.objects.filter(committee_review__decision="build").order_by("pk")
    for investigation in built:
        themed(investigation, "mobilite")
    themed(built[0], "social-et-solidarites")  # a problem of two themes counts in each
    ProblemSubmissionFactory(
        programme=built[0].programme, submitted=True, status="declined"
    ).themes.add(mobility)

    result = funnel(theme=mobility)

    assert result.years == [2025]
    assert result.counts["submitted"] == {2025: 3}
    assert result.counts["selected"] == {2025: 2}
    assert result.counts["decision_build"] == {2025: 2}
    assert result.counts["decision_abandon"] == {2025: 0}
    assert result.counts["live"] == {2025: 1}
    assert funnel(theme=theme("social-et-solidarites")).counts["investigated"] == {2025: 1}


def test_the_funnel_of_a_theme_takes_two_queries_whatever_the_data(django_assert_num_queries):
    mobility = theme("mobilite")
    with django_assert_num_queries(2):
        funnel(theme=mobility)
    build_data()
    for investigation in Investigation.objects.all():
        themed(investigation, "mobilite")
    with django_assert_num_queries(2):
        assert funnel(theme=mobility).total("investigated") == 4


def test_the_dashboard_filters_the_funnel_by_theme_without_javascript(client):
    build_data()
    for investigation in Investigation.objects.filter(committee_review__decision="pivot"):
        themed(investigation, "mobilite")
    client.force_login(UserFactory(admin=True))
    url = reverse("programmes:national_dashboard")

    unfiltered = client.get(url)
    page = unfiltered.content.decode()
    assert '<a class="fr-tag" href="?theme=mobilite#titre-entonnoir">Mobilité</a>' in page
    assert 'aria-label="Filtrer les programmes et l’entonnoir par thématique"' in page
    response = client.get(url, {"theme": "mobilite"})

    chart = response.context["funnel_chart"]
    assert chart.table_headers == ("Étape", "Toutes années", "2026")
    rows = {row[0]: row[1:] for row in chart.table_rows}
    assert rows["Problèmes déposés"] == ("1", "1")
    assert rows["Comité : Pivoter"] == ("1", "1")
    page = response.content.decode()
    title = "De l’appel à problèmes aux services essaimés — thématique « Mobilité »"
    assert f'<title id="entonnoir-titre">{title}</title>' in page
    assert f"<caption>{title}</caption>" in page  # its data table, with headers
    assert 'href="?theme=mobilite#titre-entonnoir" aria-current="page">Mobilité</a>' in page
    # The unfiltered funnel afterwards is not the themed one (nor a cached fragment of it).
    rows = {row[0]: row[1:] for row in unfiltered.context["funnel_chart"].table_rows}
    assert rows["Problèmes déposés"] == ("6", "4", "2")
    assert "thématique « Mobilité »" not in client.get(url).content.decode()
