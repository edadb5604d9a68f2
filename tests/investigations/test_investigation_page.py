import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from investigations.models import Attendance, Comment, WeeklyLog
from investigations.progress import WeekStatus
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import (
    CommentFactory,
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory


@pytest.fixture
def programme(investigation):
    return investigation.programme


def page_url(investigation):
    return reverse("investigations:investigation_detail", args=[investigation.pk])


def current_week(investigation):
    return investigation.current_week(investigation.sessions.order_by("week"))


def weeks_of(response):
    return {week.week: week for week in response.context["weeks"]}


# Who sees the page


def referent_of(programme):
    return MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user


ROLES = {
    "team-member": lambda investigation: investigation.team.first(),
    "coach": lambda investigation: investigation.programme.coach,
    "designer": lambda investigation: investigation.programme.designer,
    "referent": lambda investigation: referent_of(investigation.programme),
    "admin": lambda investigation: UserFactory(admin=True),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_team_the_anct_team_referents_and_admins_see_the_page(client, investigation, role):
    client.force_login(ROLES[role](investigation))

    response = client.get(page_url(investigation))

    assertContains(response, f"<h1>{investigation.submission.title}</h1>", html=True)


def test_an_intrapreneur_of_another_team_gets_404(client, investigation):
    other_team = InvestigationFactory(programme=investigation.programme)
    client.force_login(other_team.team.first())

    response = client.get(page_url(investigation))

    assert response.status_code == 404


def test_a_referent_of_another_collectivity_gets_404(client, investigation):
    client.force_login(MembershipFactory(referent=True).user)

    response = client.get(page_url(investigation))

    assert response.status_code == 404


def test_an_agent_of_the_collectivity_outside_the_team_gets_404(client, investigation, programme):
    client.force_login(MembershipFactory(collectivity=programme.collectivities.get()).user)

    response = client.get(page_url(investigation))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, investigation):
    url = page_url(investigation)

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")


# What it shows


def test_it_shows_the_problem_as_submitted_and_the_team(client, investigation, member):
    client.force_login(member)
    submission = investigation.submission

    response = client.get(page_url(investigation))

    for text in [
        submission.problem,
        submission.affected_users,
        submission.current_cost,
        submission.evidence,
        submission.current_handling,
        submission.collectivity.name,
    ]:
        assertContains(response, text)
    for person in [*investigation.team.all(), investigation.programme.coach]:
        assertContains(response, str(person))


def test_it_lists_every_week_with_its_session_date(client, investigation, member):
    client.force_login(member)

    response = client.get(page_url(investigation))

    sessions = list(investigation.sessions.order_by("week"))
    assert [week.session for week in response.context["weeks"]] == sessions
    for session in sessions:
        assertContains(response, session.date.strftime("%Y"))
        assertContains(response, f"Semaine {session.week}")


def test_the_current_week_is_highlighted(client, investigation, member):
    client.force_login(member)
    week = current_week(investigation)

    response = client.get(page_url(investigation))

    assert [w.week for w in response.context["weeks"] if w.is_current] == [week]
    assertContains(response, 'aria-current="step"', count=1)
    assertContains(response, f'fr-background-alt--blue-france" id="semaine-{week}"', count=1)


def test_weeks_before_the_current_one_without_a_submitted_log_are_late(
    client, investigation, member
):
    client.force_login(member)
    week = current_week(investigation)
    assert week >= 4, "the factory's programme is about a month into its investigation"
    WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    WeeklyLogFactory(investigation=investigation, week=2)
    WeeklyLogFactory(investigation=investigation, week=week)

    response = client.get(page_url(investigation))

    weeks = weeks_of(response)
    assert weeks[1].status == WeekStatus.SUBMITTED
    assert weeks[2].status == WeekStatus.LATE  # a draft is not enough
    assert weeks[3].status == WeekStatus.LATE  # nothing written
    assert weeks[week].status == WeekStatus.DRAFT
    assert weeks[week + 1].status == WeekStatus.UPCOMING
    assertContains(response, "En retard")


def test_the_current_week_without_a_log_is_not_started_and_offers_to_write_it(
    client, investigation, member
):
    client.force_login(member)
    week = current_week(investigation)

    response = client.get(page_url(investigation))

    assert weeks_of(response)[week].status == WeekStatus.NOT_STARTED
    assertContains(response, reverse("investigations:log_form", args=[investigation.pk, week]))
    assertContains(response, "Écrire le journal")


def test_a_late_week_can_still_be_written_from_the_page(client, investigation, member):
    client.force_login(member)

    response = client.get(page_url(investigation))

    week_one = weeks_of(response)[1]
    assert (week_one.status, week_one.is_locked, week_one.can_edit) == (
        WeekStatus.LATE,
        False,
        True,
    )


def test_a_log_past_the_end_of_the_following_week_shows_locked(client, investigation, member):
    client.force_login(member)
    WeeklyLogFactory(investigation=investigation, week=1, submitted=True)

    response = client.get(page_url(investigation))

    week_one = weeks_of(response)[1]
    assert week_one.is_locked
    assert not week_one.can_edit
    assertContains(response, "Verrouillé")
    assertContains(response, "Lire le journal")


def test_readers_get_links_to_read_logs_never_to_write_them(client, investigation, programme):
    WeeklyLogFactory(investigation=investigation, week=current_week(investigation))
    client.force_login(referent_of(programme))

    response = client.get(page_url(investigation))

    assert not any(week.can_edit for week in response.context["weeks"])
    assertContains(response, "Lire le journal")
    assertNotContains(response, "Écrire le journal")
    assertNotContains(response, "Continuer le brouillon")


def test_a_closed_programme_is_read_only(client, investigation, member, programme):
    WeeklyLogFactory(investigation=investigation, week=current_week(investigation))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)
    client.force_login(member)

    response = client.get(page_url(investigation))

    assert not any(week.can_edit for week in response.context["weeks"])
    assertContains(response, "Programme : Clos")


def test_each_week_shows_the_attendance_of_each_intrapreneur(client, investigation, member):
    session = investigation.sessions.get(week=1)
    Attendance.objects.create(session=session, user=member, status=Attendance.Status.EXCUSED)
    client.force_login(member)

    response = client.get(page_url(investigation))

    assertContains(response, "Excusé")
    assertContains(response, "Non relevé")  # the other intrapreneur


def test_it_shows_the_comments_on_each_log_and_on_the_investigation(client, investigation, member):
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    CommentFactory(investigation=investigation, log=log, body="Bravo pour les entretiens")
    CommentFactory(investigation=investigation, body="Pensez au comité de la semaine 9")
    client.force_login(member)

    response = client.get(page_url(investigation))

    assertContains(response, "Bravo pour les entretiens")
    assertContains(response, "Pensez au comité de la semaine 9")


@pytest.mark.parametrize(
    "reader",
    [
        lambda investigation: investigation.team.first(),
        lambda investigation: referent_of(investigation.programme),
    ],
    ids=["intrapreneur", "referent"],
)
def test_private_comments_never_reach_intrapreneurs_or_referents(client, investigation, reader):
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    CommentFactory(investigation=investigation, log=log, private=True, body="Équipe fragile")
    CommentFactory(investigation=investigation, private=True, body="À surveiller de près")
    client.force_login(reader(investigation))

    response = client.get(page_url(investigation))

    assertNotContains(response, "Équipe fragile")
    assertNotContains(response, "À surveiller de près")


@pytest.mark.parametrize("follower", ["coach", "designer", "admin"])
def test_the_anct_team_reads_private_comments(client, investigation, follower):
    CommentFactory(investigation=investigation, private=True, body="À surveiller de près")
    client.force_login(ROLES[follower](investigation))

    response = client.get(page_url(investigation))

    assertContains(response, "À surveiller de près")


def test_it_shows_the_hypotheses_milestones_and_outcome_summary(client, investigation, member):
    HypothesisFactory(investigation=investigation, statement="Les SMS de rappel arrivent trop tard")
    client.force_login(member)

    response = client.get(page_url(investigation))

    assertContains(response, "Les SMS de rappel arrivent trop tard")
    assertContains(response, "Comité d’investissement")
    assertContains(response, "Restitution")


# Query count


def fill_weeks(investigation, weeks: int) -> None:
    """Logs with authors, comments (visible and private) and attendance for `weeks` weeks."""
    coach = investigation.programme.coach
    members = list(investigation.team.all())
    for week in range(1, weeks + 1):
        log = WeeklyLogFactory(
            investigation=investigation, week=week, submitted=True, authors=members
        )
        CommentFactory(investigation=investigation, log=log)
        CommentFactory(investigation=investigation, log=log, private=True)
        for member in members:
            Attendance.objects.create(
                session=log.session, user=member, status=Attendance.Status.PRESENT
            )
        HypothesisFactory(investigation=investigation)
        CommentFactory(investigation=investigation, author=coach)


@pytest.mark.parametrize("weeks", [1, 8])
@pytest.mark.parametrize("role", ["team-member", "coach"])
def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, role, weeks):
    # Eight weeks need a programme about two months into its investigation.
    investigation = InvestigationFactory(
        programme__investigation_starts_on=timezone.localdate() - datetime.timedelta(days=60)
    )
    fill_weeks(investigation, weeks)
    client.force_login(ROLES[role](investigation))

    # Session, user; the investigation (with programme, coach, designer, submission,
    # collectivité, author, committee review, conclusion); the team with users; the
    # sessions; their attendances; the logs (with session); their authors; their
    # comments (with author); the comments on the investigation; hypotheses; milestones;
    # the check-in answers (with respondents); the three queries of the menu's roles; its
    # progress (as on the dashboard); « déjà investigué ailleurs »: the submission's
    # themes and the similar published problems. The
    # follow-up permissions need none: the coach is known from the programme, the team
    # is prefetched.
    with django_assert_num_queries(19):
        response = client.get(page_url(investigation))

    assert len([week for week in response.context["weeks"] if week.log]) == weeks
    assert WeeklyLog.objects.count() == weeks
    # Both private and visible comments exist on each log.
    assert Comment.objects.filter(log__isnull=False).count() == 2 * weeks


def test_a_stalled_investigation_says_so_on_its_page_as_on_the_dashboard(client, time_machine):
    investigation = InvestigationFactory()
    sessions = list(investigation.sessions.order_by("week"))
    time_machine.move_to(
        datetime.datetime.combine(sessions[4].date, datetime.time(12), tzinfo=datetime.UTC),
        tick=False,
    )
    for week in (1, 2):
        WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
    client.force_login(investigation.programme.coach)

    response = client.get(page_url(investigation))
    dashboard = client.get(reverse("investigations:dashboard"))

    assertContains(response, "À l’arrêt</p>")
    assertContains(response, "2 semaines sans journal")
    assertContains(dashboard, "À l’arrêt")
