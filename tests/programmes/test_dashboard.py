"""The programme dashboard: who may see it, its figures against hand-computed values on
known data, and a query count that does not grow with the data."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.models import ProblemSubmission
from investigations.models import Hypothesis, Milestone
from programmes.models import Collectivity, Membership, Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory

PARIS = ZoneInfo("Europe/Paris")
# A Friday in week 5: the sessions are on Thursdays from 5 February 2026, so weeks 1 to 4
# are over (their session is a week old) and week 5 has just had its session.
TODAY = datetime.datetime(2026, 3, 6, 12, 0, tzinfo=PARIS)


def at(day, hour=10, minute=0):
    return datetime.datetime(2026, 1, day, hour, minute, tzinfo=PARIS)


def dashboard_url(programme):
    return reverse("programmes:programme_dashboard", args=[programme.slug])


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre")


@pytest.fixture
def programme(le_havre):
    return ProgrammeFactory(
        name="Le Havre, première vague",
        slug="le-havre-vague-1",
        status=Programme.Status.INVESTIGATION,
        call_opens_on=datetime.date(2026, 1, 5),
        call_closes_on=datetime.date(2026, 1, 9),
        investigation_starts_on=datetime.date(2026, 2, 2),
        weekday=Programme.Weekday.THURSDAY,
        weeks=10,
        collectivities=[le_havre],
    )


@pytest.fixture
def referent(le_havre):
    return MembershipFactory(collectivity=le_havre, referent=True).user


def submit(programme, service, when, status=ProblemSubmission.Status.SUBMITTED, **kwargs):
    return ProblemSubmissionFactory(
        programme=programme, service=service, status=status, submitted_at=when, **kwargs
    )


def review(submission, reviewer, impact, scale, feasibility):
    return SelectionReviewFactory(
        submission=submission,
        reviewer=reviewer,
        impact_score=impact,
        scale_score=scale,
        feasibility_score=feasibility,
    )


@pytest.fixture
def known(programme, referent):
    """The data the figures below are computed from by hand."""
    Status = ProblemSubmission.Status
    s1 = submit(programme, "CCAS", at(5), Status.SELECTED, title="Rendez-vous manqués")
    # 23:30 in Paris is still 5 January there, though 22:30 UTC.
    s2 = submit(programme, "CCAS", at(5, 23, 30), Status.SELECTED, title="Cantine")
    s3 = submit(programme, "CCAS", at(7, 9), Status.DECLINED, title="Voirie bis")
    s4 = submit(programme, "Voirie", at(7, 11), Status.SHORTLISTED, title="Nids-de-poule")
    submit(programme, "Voirie", at(9, 15), title="Éclairage")
    submit(programme, "Accueil", at(9, 16), Status.DECLINED, title="Guichet")
    ProblemSubmissionFactory(programme=programme, service="CCAS")  # a draft: not counted

    candidacies = [CandidacyFactory(programme=programme) for _ in range(3)]
    candidacies[2].manager_agrees = False
    candidacies[2].save()

    coach, admin = programme.coach, UserFactory(admin=True, last_name="Zola")
    review(s1, referent, 5, 5, 5)  # 5.00
    review(s2, referent, 4, 4, 4)  # 4.00
    review(s3, referent, 2, 2, 2)  # 2.00
    review(s4, referent, 3, 3, 4)  # 3.33
    review(s1, coach, 4, 4, 4)  # 4.00
    review(s2, coach, 4, 4, 5)  # 4.33
    review(s3, admin, 1, 1, 1)  # 1.00

    first = InvestigationFactory(
        programme=programme, submission=s1, members=[c.agent for c in candidacies[:2]]
    )
    second = InvestigationFactory(
        programme=programme, submission=s2, members=[candidacies[2].agent]
    )
    for week, hours, usagers, agents, partners in [
        (1, 7, 3, 2, 1),
        (2, Decimal("6.5"), 2, 1, 0),
        (3, 7, 0, 0, 0),
        (4, 5, 4, 0, 1),
    ]:
        WeeklyLogFactory(
            investigation=first,
            week=week,
            submitted=True,
            hours_spent=hours,
            usagers_met=usagers,
            agents_met=agents,
            partners_met=partners,
        )
    WeeklyLogFactory(
        investigation=second,
        week=1,
        submitted=True,
        hours_spent=3,
        usagers_met=1,
        agents_met=1,
        partners_met=1,
    )
    WeeklyLogFactory(investigation=second, week=2, hours_spent=8, usagers_met=10)  # a draft
    HypothesisFactory.create_batch(2, investigation=first)
    HypothesisFactory(investigation=first, status=Hypothesis.Status.VALIDATED)
    HypothesisFactory(investigation=second, status=Hypothesis.Status.INVALIDATED)
    first.milestones.filter(kind=Milestone.Kind.PUBLIC_PAGE).update(
        done_on=datetime.date(2026, 2, 19)
    )

    # Another programme's data never counts.
    other = InvestigationFactory()
    WeeklyLogFactory(investigation=other, week=1, submitted=True)
    SelectionReviewFactory(submission=submit(other.programme, "CCAS", at(6)))
    return {"first": first, "second": second, "coach": coach, "admin": admin}


# Who may see it


@pytest.mark.parametrize("role", ["admin", "coach", "designer", "referent"])
def test_the_selection_committee_and_admins_see_the_dashboard(client, programme, referent, role):
    users = {
        "admin": UserFactory(admin=True),
        "coach": programme.coach,
        "designer": programme.designer,
        "referent": referent,
    }
    client.force_login(users[role])

    response = client.get(dashboard_url(programme))

    assertContains(response, "Tableau de bord — Le Havre, première vague")


def test_a_referent_of_another_collectivity_gets_404(client, programme):
    client.force_login(MembershipFactory(referent=True).user)

    assert client.get(dashboard_url(programme)).status_code == 404


def test_the_coach_of_another_programme_gets_404(client, programme):
    client.force_login(ProgrammeFactory(investigation=True).coach)

    assert client.get(dashboard_url(programme)).status_code == 404


def test_an_agent_of_the_collectivity_gets_404(client, programme, le_havre):
    client.force_login(MembershipFactory(collectivity=le_havre).user)

    assert client.get(dashboard_url(programme)).status_code == 404


def test_an_intrapreneur_of_the_programme_gets_404(client, programme, known):
    client.force_login(known["first"].team.first())

    assert client.get(dashboard_url(programme)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    url = dashboard_url(programme)

    assertRedirects(client.get(url), f"{reverse('account_login')}?next={url}")


def test_the_programme_page_links_to_the_dashboard_for_the_committee_only(
    client, programme, referent, le_havre
):
    detail = reverse("programmes:programme_detail", args=[programme.slug])
    client.force_login(referent)
    assertContains(client.get(detail), f'href="{dashboard_url(programme)}"')

    client.force_login(MembershipFactory(collectivity=le_havre).user)
    response = client.get(detail)
    assert response.status_code == 200
    assertNotContains(response, dashboard_url(programme))


# The figures


def test_the_call_counts_submissions_per_day_and_service_and_the_candidacies(
    client, programme, referent, known
):
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    assert response.context["call_figures"] == [
        ("problèmes déposés", "6"),
        ("problèmes retenus", "2"),
        ("candidatures d’intrapreneurs", "3"),
        ("candidatures avec l’accord du responsable", "2"),
    ]
    per_day, per_service = response.context["call_charts"]
    assert per_day.table_rows == (
        ("lundi 5 janvier 2026", "2"),
        ("mardi 6 janvier 2026", "0"),
        ("mercredi 7 janvier 2026", "2"),
        ("jeudi 8 janvier 2026", "0"),
        ("vendredi 9 janvier 2026", "2"),
    )
    assert per_service.table_rows == (("CCAS", "3"), ("Voirie", "2"), ("Accueil", "1"))
    assertContains(response, "Problèmes déposés par service")
    assertContains(response, '<th scope="row">vendredi 9 janvier 2026</th>', html=True)


def test_the_selection_shows_each_members_reviews_and_the_best_averages(
    client, programme, referent, known
):
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    assert response.context["selection_figures"] == [
        ("évaluations faites", "7"),
        ("problèmes sans évaluation", "2"),
        ("note moyenne sur 5", "3,4"),  # 23.66 / 7
        ("impact sur les usagers (moyenne)", "3,3"),  # 23 / 7
        ("ampleur du problème (moyenne)", "3,3"),
        ("faisabilité en 12 semaines (moyenne)", "3,6"),  # 25 / 7
    ]
    per_member, ranked = response.context["selection_charts"]
    coach, designer, admin = known["coach"], programme.designer, known["admin"]
    # The designer sits on the committee without a review yet; the admin is no member
    # but reviewed.
    assert per_member.table_rows == (
        (str(referent), "4", "3,6"),  # (5 + 4 + 2 + 3.33) / 4
        (str(coach), "2", "4,2"),  # (4 + 4.33) / 2
        (str(admin), "1", "1"),
        (str(designer), "0", "—"),
    )
    assert ranked.table_rows == (
        ("Rendez-vous manqués", "4,5", "2", "Retenu"),
        ("Cantine", "4,2", "2", "Retenu"),
        ("Nids-de-poule", "3,3", "1", "Présélectionné"),
        ("Voirie bis", "1,5", "2", "Non retenu"),
    )


def test_the_investigations_show_their_progress_status_and_hypotheses(
    client, programme, referent, known
):
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    rows = {row.investigation: row.progress for row in response.context["rows"]}
    first, second = rows[known["first"]], rows[known["second"]]
    assert (first.current_week, first.logs_submitted, first.status) == (5, 4, "on_track")
    # Weeks 2 to 4 are over without a submitted log (the draft doesn't count).
    assert (second.missed_weeks, second.status) == (3, "stalled")
    assert response.context["status_figures"] == [
        ("En bonne voie", "1"),
        ("À surveiller", "0"),
        ("À l’arrêt", "1"),
    ]
    assert response.context["hypotheses_chart"].table_rows == (
        ("Cantine", "0", "0", "1", "1"),
        ("Rendez-vous manqués", "2", "1", "0", "3"),
    )
    assertContains(response, "Avancement des investigations du programme")
    assertContains(response, "3 semaines sans journal")


def test_milestones_are_counted_done_late_or_upcoming_per_kind(client, programme, referent, known):
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    # Public page (week 3) and mid-point (week 4) are past their week: late unless done.
    assert response.context["milestones_chart"].table_rows == (
        ("Page publique du problème", "1", "1", "0", "2"),
        ("Point d’étape à mi-parcours", "0", "2", "0", "2"),
        ("Répétition du comité", "0", "0", "2", "2"),
        ("Comité d’investissement", "0", "0", "2", "2"),
        ("Restitution", "0", "0", "2", "2"),
    )


def test_activity_sums_the_submitted_logs_of_each_week(client, programme, referent, known):
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    assert response.context["activity_figures"] == [
        ("journaux envoyés", "5"),
        ("personnes rencontrées", "17"),
        ("heures consacrées", "28,5"),
    ]
    logs, people, hours = response.context["activity_charts"]
    zeros = tuple((f"semaine {week}", "0") for week in range(5, 11))
    assert logs.table_rows == (
        ("semaine 1", "2"),
        ("semaine 2", "1"),
        ("semaine 3", "1"),
        ("semaine 4", "1"),
        *zeros,
    )
    assert people.table_rows[:4] == (
        ("semaine 1", "9"),
        ("semaine 2", "3"),
        ("semaine 3", "0"),
        ("semaine 4", "5"),
    )
    assert hours.table_rows[:4] == (
        ("semaine 1", "10"),
        ("semaine 2", "6,5"),
        ("semaine 3", "7"),
        ("semaine 4", "5"),
    )


def test_a_programme_before_its_call_has_empty_charts_and_says_why(client, le_havre, referent):
    draft = ProgrammeFactory(draft=True, collectivities=[le_havre])
    client.force_login(referent)

    response = client.get(dashboard_url(draft))

    assertContains(response, "Aucun problème déposé pour l’instant.", count=2)
    assertContains(response, "Les investigations commencent après la sélection.")
    assertNotContains(response, 'role="img"')


def test_the_page_has_one_h1_and_headings_in_order(client, programme, referent, known):
    client.force_login(referent)

    html = client.get(dashboard_url(programme)).content.decode()

    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


# Speed


def populate(programme, size):
    """`size` times: three submissions on two days and services, two reviews, two
    candidacies, one investigation with a week's log, two hypotheses, a milestone done."""
    referent = Membership.objects.filter(
        collectivity__programmes=programme, role=Membership.Role.REFERENT
    ).first()
    for index in range(size):
        submissions = [
            submit(programme, f"Service {index % 3}", at(5 + index % 4), title=f"P{index}-{n}")
            for n in range(3)
        ]
        submissions[0].status = ProblemSubmission.Status.SELECTED
        submissions[0].save()
        for submission in submissions[:2]:
            review(submission, referent.user, 3, 4, 5)
        CandidacyFactory.create_batch(2, programme=programme)
        investigation = InvestigationFactory(
            programme=programme, submission=submissions[0], members__size=1
        )
        WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
        HypothesisFactory.create_batch(2, investigation=investigation)
        investigation.milestones.filter(kind=Milestone.Kind.PUBLIC_PAGE).update(
            done_on=datetime.date(2026, 2, 19)
        )


def test_the_dashboard_runs_the_same_queries_whatever_the_data_size(
    client, programme, referent, django_assert_num_queries
):
    client.force_login(referent)

    def count_queries():
        # session, user; the programme; the navigation's roles (memberships, followed
        # programmes, team memberships); the collectivités; the call (by status, by day,
        # by service, candidacies); the selection (averages, members, best averages);
        # the investigations with their progress, their teams; milestones by kind;
        # activity by week
        with django_assert_num_queries(18):
            response = client.get(dashboard_url(programme))
        assert response.status_code == 200
        return response

    populate(programme, 1)
    small = count_queries()
    populate(programme, 9)
    large = count_queries()
    assert len(small.context["rows"]) == 1 and len(large.context["rows"]) == 10
    assert large.context["call_figures"][0] == ("problèmes déposés", "30")


def test_figure_labels_agree_with_their_number(client, programme, referent):
    """French keeps 0 and 1 singular: « 0 problème retenu », never « 0 problèmes »."""
    submit(programme, "CCAS", at(5), title="Le seul problème")
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    assert response.context["call_figures"] == [
        ("problème déposé", "1"),
        ("problème retenu", "0"),
        ("candidature d’intrapreneur", "0"),
        ("candidature avec l’accord du responsable", "0"),
    ]
    assert response.context["selection_figures"][0] == ("évaluation faite", "0")


def test_counts_do_not_double_with_several_collectivities(client, programme, referent, known):
    """A second collectivité (and its referent) joins: the same figures, not twice them."""
    metropole = CollectivityFactory(name="Métropole", kind=Collectivity.Kind.EPCI)
    programme.collectivities.add(metropole)
    MembershipFactory(collectivity=metropole, referent=True)
    client.force_login(referent)

    response = client.get(dashboard_url(programme))

    assert response.context["call_figures"][0] == ("problèmes déposés", "6")
    assert response.context["selection_figures"][0] == ("évaluations faites", "7")
    assert len(response.context["rows"]) == 2


def svgs(response) -> list[str]:
    return re.findall(r"<svg.*?</svg>", response.content.decode(), flags=re.DOTALL)


def chart_templates_rendered(response) -> list[str]:
    return [t.name for t in response.templates if t.name.startswith("includes/charts/")]


def test_charts_are_drawn_once_and_drawn_again_when_their_figures_change(
    client, programme, referent, known
):
    client.force_login(referent)

    first = client.get(dashboard_url(programme))
    # The whole content comes from the cache until the programme changes.
    again = client.get(dashboard_url(programme))
    # A new submission on 9 January: the per-day and per-service charts change.
    submit(programme, "Accueil", at(9, 17), title="Standard téléphonique")
    changed = client.get(dashboard_url(programme))

    assert "includes/charts/columns.html" in chart_templates_rendered(first)
    assert chart_templates_rendered(again) == []
    assert svgs(again) == svgs(first)
    drawn = chart_templates_rendered(changed)
    # Per day redrawn, the weekly activity not; hypotheses and milestones neither.
    assert drawn.count("includes/charts/columns.html") == 1
    assert "includes/charts/bar.html" in drawn
    assert "includes/charts/stacked.html" not in drawn
    assertContains(changed, '<th scope="row">vendredi 9 janvier 2026</th><td>3</td>', html=True)
    assertContains(changed, "<title>vendredi 9 janvier 2026 : 3</title>")
