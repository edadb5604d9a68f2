"""The coaches' and designers' dashboard: figures, status, access, filters, sorting, htmx
and a fixed number of queries.

The programme runs on Thursdays from 7 January 2027, a stretch without public holidays;
the tests travel to noon on 11 February, the day of its sixth session: weeks 1 to 6 have
begun, weeks 1 to 5 are at least a week old (their log is due)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from investigations.models import Attendance, Hypothesis, Milestone, WeeklyLog
from investigations.views.dashboard import ADMIN_CHOICES
from tests.factories import UserFactory
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

URL = reverse("investigations:dashboard")


START = datetime.date(2027, 1, 7)


@pytest.fixture
def programme():
    return ProgrammeFactory(
        investigation=True,
        call_opens_on=datetime.date(2026, 10, 1),
        call_closes_on=datetime.date(2026, 11, 1),
        investigation_starts_on=START,
    )


@pytest.fixture
def sixth_session_day(programme, time_machine):
    """Noon on the day of the programme's sixth session."""
    day = programme.session_dates()[5]
    assert day == datetime.date(2027, 2, 11)
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    time_machine.move_to(noon, tick=False)
    return noon


def session_evening(investigation, week):
    day = investigation.sessions.get(week=week).date
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


def send_log(investigation, week, **fields):
    return WeeklyLogFactory(
        investigation=investigation,
        week=week,
        status=WeeklyLog.Status.SUBMITTED,
        submitted_at=session_evening(investigation, week),
        **fields,
    )


def attend(investigation, weeks, absent=()):
    """Every team member present on `weeks`, except the (week, member index) in `absent`."""
    members = list(investigation.team.order_by("pk"))
    for week in weeks:
        session = investigation.sessions.get(week=week)
        for index, member in enumerate(members):
            status = "absent" if (week, index) in absent else "present"
            Attendance.objects.create(session=session, user=member, status=status)


@pytest.fixture
def watched(programme, sixth_session_day):
    """Logs of weeks 1, 2, 3 and 5 sent, week 4 only a draft (one missed week); week 5
    asks for help (less than a week ago: not overdue); 7 presences out of 8; hypotheses:
    2 to test, 1 validated; the first two milestones done."""
    investigation = InvestigationFactory(programme=programme)
    for week in (1, 2, 3):
        send_log(investigation, week)
    WeeklyLogFactory(investigation=investigation, week=4)
    send_log(investigation, 5, help_request="Accès aux données de l’agenda")
    attend(investigation, weeks=[1, 2, 3, 4], absent={(2, 1)})
    HypothesisFactory.create_batch(2, investigation=investigation)
    HypothesisFactory(investigation=investigation, status=Hypothesis.Status.VALIDATED)
    investigation.milestones.filter(
        kind__in=[Milestone.Kind.PUBLIC_PAGE, Milestone.Kind.MID_POINT]
    ).update(done_on=timezone.localdate())
    return investigation


@pytest.fixture
def stalled(programme, sixth_session_day):
    """Only week 1's log sent; 1 presence out of 4."""
    investigation = InvestigationFactory(programme=programme)
    send_log(investigation, 1)
    attend(investigation, weeks=[1, 2], absent={(1, 1), (2, 0), (2, 1)})
    return investigation


@pytest.fixture
def on_track(programme, sixth_session_day):
    """Every due log sent, attendance full."""
    investigation = InvestigationFactory(programme=programme)
    for week in range(1, 6):
        send_log(investigation, week)
    attend(investigation, weeks=[1, 2, 3, 4, 5])
    return investigation


def row_html(response, investigation) -> str:
    """The table row of `investigation`."""
    link = reverse("investigations:investigation_detail", args=[investigation.pk])
    rows = re.findall(r"<tr>.*?</tr>", response.content.decode(), flags=re.DOTALL)
    matching = [row for row in rows if f'href="{link}"' in row]
    assert len(matching) == 1, f"no single row for {investigation}"
    return re.sub(r"\s+", " ", matching[0])


def shown_titles(response) -> list[str]:
    return [row.investigation.submission.title for row in response.context["page"].object_list]


# Figures and status


def test_a_row_shows_the_figures_computed_by_hand(client, programme, watched):
    client.force_login(programme.coach)

    response = client.get(URL)

    row = row_html(response, watched)
    assert watched.submission.title in row
    assert watched.submission.collectivity.name in row
    for member in watched.team.all():
        assert str(member) in row
    assert "6 sur 10" in row  # week reached out of the programme's 10
    assert "4 sur 6" in row  # logs sent (1, 2, 3, 5) out of the six weeks begun
    # The last log sent, its date written out as everywhere else.
    assert date_format(session_evening(watched, 5), "j F Y") in row
    assert "88 %" in row and "7 présences sur 8" in row
    assert "<td>1</td>" in row  # the open help request
    assert "À tester : 2" in row and "Validées : 1" in row and "Invalidées : 0" in row
    assert "Répétition du comité" in row and "semaine 8" in row


def test_the_status_is_shown_as_a_badge_with_its_explanation_in_a_tooltip_and_in_text(
    client, programme, watched, stalled, on_track
):
    client.force_login(programme.coach)

    response = client.get(URL)

    watched_row = row_html(response, watched)
    assert "fr-badge--warning" in watched_row and "À surveiller" in watched_row
    tooltip = f'aria-describedby="progress-tooltip-{watched.pk}"'
    assert tooltip in watched_row
    assert (
        f'<span class="fr-tooltip fr-placement" id="progress-tooltip-{watched.pk}" '
        'role="tooltip">une semaine sans journal</span>'
    ) in watched_row
    assert "Une semaine sans journal</p>" in watched_row
    stalled_row = row_html(response, stalled)
    assert "fr-badge--error" in stalled_row and "À l’arrêt" in stalled_row
    assert "4 semaines sans journal ; présence aux séances sous la moitié (1 sur 4)" in stalled_row
    on_track_row = row_html(response, on_track)
    assert "fr-badge--success" in on_track_row and "Aucun signal d’alerte." in on_track_row


def test_a_help_request_open_for_more_than_a_week_puts_the_investigation_to_watch(
    client, programme, on_track, time_machine
):
    log = on_track.logs.get(week=5)
    log.help_request = "Qui contacter à la CAF ?"
    log.save()
    client.force_login(programme.coach)
    time_machine.move_to(log.submitted_at + datetime.timedelta(days=8), tick=False)

    response = client.get(URL)

    assertContains(response, "Une demande d’aide attend depuis plus d’une semaine")


def test_the_summary_counts_the_investigations_by_status(
    client, programme, watched, stalled, on_track
):
    client.force_login(programme.coach)

    response = client.get(URL)

    assertContains(
        response, "3 investigations (à l’arrêt : 1, à surveiller : 1, en bonne voie : 1)"
    )


# Who sees what


def test_a_coach_sees_only_the_investigations_of_the_programmes_they_follow(
    client, programme, watched
):
    elsewhere = InvestigationFactory()
    client.force_login(programme.coach)

    response = client.get(URL)

    assert shown_titles(response) == [watched.submission.title]
    assertNotContains(response, elsewhere.submission.title)


def test_a_designer_sees_only_the_investigations_of_the_programmes_they_follow(
    client, programme, watched
):
    elsewhere = InvestigationFactory()
    client.force_login(programme.designer)

    response = client.get(URL)

    assert shown_titles(response) == [watched.submission.title]
    assertNotContains(response, elsewhere.submission.title)


def test_admins_see_the_programmes_under_way_and_a_closed_one_when_they_choose_it(client, watched):
    closed = InvestigationFactory(programme=ProgrammeFactory(closed=True))
    client.force_login(UserFactory(admin=True))

    response = client.get(URL)

    assert shown_titles(response) == [watched.submission.title]
    response = client.get(URL, {"programme": closed.programme.pk})
    assert shown_titles(response) == [closed.submission.title]


def test_a_coach_reviews_a_closed_programme_by_choosing_it(client, programme, watched):
    closed = InvestigationFactory(programme=ProgrammeFactory(closed=True, coach=programme.coach))
    client.force_login(programme.coach)

    response = client.get(URL)

    assert shown_titles(response) == [watched.submission.title]
    assertContains(response, f'<option value="{closed.programme.pk}">')
    response = client.get(URL, {"programme": closed.programme.pk})
    assert shown_titles(response) == [closed.submission.title]


def test_a_coach_whose_programmes_are_all_closed_is_told_to_choose_one(client):
    closed = InvestigationFactory(programme=ProgrammeFactory(closed=True))
    client.force_login(closed.programme.coach)

    response = client.get(URL)

    assert shown_titles(response) == []
    assertContains(response, "Aucun programme en cours : choisissez un programme clos")


@pytest.mark.parametrize("role", ["referent", "agent", "intrapreneur", "nobody"])
def test_anyone_but_the_anct_team_and_admins_gets_a_404(client, watched, role):
    collectivity = watched.submission.collectivity
    user = {
        "referent": lambda: MembershipFactory(collectivity=collectivity, referent=True).user,
        "agent": lambda: MembershipFactory(collectivity=collectivity).user,
        "intrapreneur": lambda: watched.team.first(),
        "nobody": UserFactory,
    }[role]()
    client.force_login(user)

    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)

    assertRedirects(response, f"{reverse('account_login')}?next={URL}")


def test_the_anct_team_also_finds_the_programmes_they_follow_at_every_stage(
    client, programme, watched
):
    in_call = ProgrammeFactory(call_open=True, coach=programme.coach)
    client.force_login(programme.coach)

    response = client.get(URL)

    assertContains(response, "Les programmes que vous suivez")
    assertContains(response, reverse("programmes:programme_detail", args=[in_call.slug]))
    assertContains(response, reverse("intrapreneurs:selection_list", args=[programme.slug]))


def test_a_coach_whose_programmes_have_no_investigation_yet_is_told_so(client):
    in_selection = ProgrammeFactory(selection=True)
    client.force_login(in_selection.coach)

    response = client.get(URL)

    assertContains(response, "Aucune investigation pour le moment")
    assertContains(response, reverse("intrapreneurs:selection_list", args=[in_selection.slug]))


# Filters and sorting


def test_the_status_filter_keeps_the_investigations_of_that_status(
    client, programme, watched, stalled, on_track
):
    client.force_login(programme.coach)

    response = client.get(URL, {"status": "stalled"})

    assert shown_titles(response) == [stalled.submission.title]
    assertContains(
        response,
        "1 investigation affichée sur 3 (à l’arrêt : 1, à surveiller : 1, en bonne voie : 1)",
    )


def test_the_programme_filter_keeps_the_investigations_of_that_programme(
    client, programme, watched
):
    other = InvestigationFactory(programme=ProgrammeFactory(investigation=True))
    admin = UserFactory(admin=True)
    client.force_login(admin)

    response = client.get(URL, {"programme": other.programme.pk})

    assert shown_titles(response) == [other.submission.title]
    # The programme's name shows under each row when several programmes are listed.
    assertContains(response, other.programme.name)


def test_a_programme_the_coach_does_not_follow_is_an_invalid_choice(client, programme, watched):
    other = ProgrammeFactory(investigation=True)
    client.force_login(programme.coach)

    response = client.get(URL, {"programme": other.pk})

    assertContains(response, "Cette valeur n’est pas proposée")
    assert shown_titles(response) == [watched.submission.title]


def test_by_default_the_most_worrying_investigations_come_first(
    client, programme, watched, stalled, on_track
):
    client.force_login(programme.coach)

    response = client.get(URL)

    assert shown_titles(response) == [
        stalled.submission.title,
        watched.submission.title,
        on_track.submission.title,
    ]


def test_sorting_by_attendance_puts_the_lowest_first(client, programme, watched, stalled, on_track):
    client.force_login(programme.coach)

    response = client.get(URL, {"sort": "attendance"})

    # 1 out of 4, 7 out of 8, 10 out of 10
    assert shown_titles(response) == [
        stalled.submission.title,
        watched.submission.title,
        on_track.submission.title,
    ]


def test_sorting_by_last_log_puts_the_teams_that_never_sent_one_first(
    client, programme, watched, stalled, on_track
):
    silent = InvestigationFactory(programme=programme)
    client.force_login(programme.coach)

    response = client.get(URL, {"sort": "last_log"})

    # never, week 1, week 5 (both watched and on_track: by title)
    titles = shown_titles(response)
    assert titles[:2] == [silent.submission.title, stalled.submission.title]
    assert sorted(titles[2:]) == sorted([watched.submission.title, on_track.submission.title])


def test_sorting_by_week_puts_the_least_advanced_first(client, programme, watched):
    later = ProgrammeFactory(
        investigation=True,
        coach=programme.coach,
        call_opens_on=programme.call_opens_on,
        call_closes_on=programme.call_closes_on,
        investigation_starts_on=START + datetime.timedelta(days=14),
    )
    behind = InvestigationFactory(programme=later)
    client.force_login(programme.coach)

    response = client.get(URL, {"sort": "week"})

    assert shown_titles(response) == [behind.submission.title, watched.submission.title]
    assert [row.progress.current_week for row in response.context["page"].object_list] == [4, 6]


def test_the_filters_work_as_a_plain_form_without_javascript(client, programme, watched):
    client.force_login(programme.coach)

    response = client.get(URL)

    form = re.search(r"<form [^>]*id=\"filtres\"[^>]*>", response.content.decode()).group(0)
    assert 'method="get"' in form and f'action="{URL}"' in form
    assert f'hx-get="{URL}"' in form and 'hx-target="#resultats"' in form
    assertContains(response, '<select name="status"')
    assertContains(response, '<button type="submit" class="fr-btn">Afficher</button>', html=True)


# htmx


def test_an_htmx_request_gets_only_the_results(client, programme, watched, stalled):
    client.force_login(programme.coach)

    response = client.get(URL, {"status": "stalled"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content and 'id="filtres"' not in content
    assert stalled.submission.title in content
    assert watched.submission.title not in content
    assert "HX-Request" in response["Vary"]


def test_a_full_request_gets_the_whole_page(client, programme, watched):
    client.force_login(programme.coach)

    response = client.get(URL)

    assertContains(response, "<html")
    assertContains(response, 'id="filtres"')
    assertContains(response, 'id="resultats"')


def test_the_rows_are_paginated(client, programme, watched, stalled, on_track, monkeypatch):
    monkeypatch.setattr("investigations.views.dashboard.PAGE_SIZE", 2)
    client.force_login(programme.coach)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert shown_titles(first) == [stalled.submission.title, watched.submission.title]
    assert shown_titles(second) == [on_track.submission.title]
    assertContains(first, "Page suivante")


# Query count


def build_investigations(programme, count):
    """`count` investigations, each with logs, attendance, hypotheses and a help request."""
    for _ in range(count):
        investigation = InvestigationFactory(programme=programme)
        for week in (1, 2, 3):
            send_log(investigation, week, help_request="Un contact à la CAF ?")
        attend(investigation, weeks=[1, 2, 3])
        HypothesisFactory.create_batch(2, investigation=investigation)


@pytest.mark.parametrize("user", ["coach", "admin"])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, programme, sixth_session_day, django_assert_num_queries, user
):
    viewer = programme.coach if user == "coach" else UserFactory(admin=True)
    client.force_login(viewer)
    # session, user; roles: memberships, followed programmes, team memberships;
    # programmes (for the ANCT team, with their collectivités); investigations with
    # their progress; the teams of the page's rows; the themes of the filter
    expected = 10 if user == "coach" else 9

    build_investigations(programme, 2)
    with django_assert_num_queries(expected):
        small = client.get(URL)
    build_investigations(programme, 18)
    with django_assert_num_queries(expected):
        large = client.get(URL)

    assert len(small.context["page"].object_list) == 2
    assert len(large.context["page"].object_list) == 20


# An admin's programme filter, whatever the number of programmes


def closed_programmes(count: int) -> list:
    """Closed programmes, each a week older than the previous one."""
    return [
        ProgrammeFactory(
            closed=True,
            name=f"Programme clos {index:03d}",
            call_opens_on=datetime.date(2020, 1, 1),
            call_closes_on=datetime.date(2020, 2, 1),
            investigation_starts_on=datetime.date(2024, 1, 4) - datetime.timedelta(weeks=index),
        )
        for index in range(count)
    ]


def programme_options(response) -> list[str]:
    return [value for value, _ in response.context["form"].fields["programme"].choices if value]


def test_an_admins_programme_filter_offers_a_bounded_list(client, programme, watched):
    closed = closed_programmes(ADMIN_CHOICES + 5)
    client.force_login(UserFactory(admin=True))

    response = client.get(URL)

    # the programme under way first, then the most recently investigated
    assert programme_options(response) == [programme.pk] + [
        p.pk for p in closed[: ADMIN_CHOICES - 1]
    ]
    assertContains(response, 'name="q"')


def test_admins_find_an_old_programme_by_its_name_and_review_it(client, programme, watched):
    old = closed_programmes(ADMIN_CHOICES + 5)[-1]
    investigation = InvestigationFactory(programme=old)
    client.force_login(UserFactory(admin=True))

    response = client.get(URL, {"q": "clos 034"})

    assert programme_options(response) == [old.pk]
    assert shown_titles(response) == [investigation.submission.title]
    response = client.get(URL, {"programme": old.pk})
    assert old.pk in programme_options(response)
    assert shown_titles(response) == [investigation.submission.title]


def test_an_admins_search_matching_nothing_shows_no_investigation(client, programme, watched):
    client.force_login(UserFactory(admin=True))

    response = client.get(URL, {"q": "introuvable"})

    assert programme_options(response) == []
    assert shown_titles(response) == []


def test_a_programme_that_is_not_investigated_is_an_invalid_choice_for_admins(
    client, programme, watched
):
    draft = ProgrammeFactory()
    client.force_login(UserFactory(admin=True))

    response = client.get(URL, {"programme": draft.pk})

    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert shown_titles(response) == [watched.submission.title]


def test_an_admins_dashboard_runs_as_many_queries_with_many_programmes(
    client, programme, watched, django_assert_num_queries
):
    client.force_login(UserFactory(admin=True))
    # session, user; roles: memberships, followed programmes, team memberships;
    # the bounded programmes; the themes of the filter; investigations with their
    # progress; the page's teams
    InvestigationFactory(programme=closed_programmes(2)[0])
    with django_assert_num_queries(9):
        client.get(URL, {"q": "clos"})
    closed_programmes(ADMIN_CHOICES + 5)
    with django_assert_num_queries(9):
        response = client.get(URL, {"q": "clos"})

    assert len(programme_options(response)) == ADMIN_CHOICES


# Kept in the cache until a write or the passing of time changes it


def test_the_page_follows_each_write_and_the_passing_of_time(
    client, programme, on_track, time_machine, django_assert_max_num_queries
):
    """The content is cached (incubateur.fragments): no progress query while nothing
    changes; a write to the programme shows at once; a help request turns a week old
    between two views of the same day."""
    client.force_login(programme.coach)
    time_machine.move_to(session_evening(on_track, 6) - datetime.timedelta(hours=1), tick=False)
    assertContains(client.get(URL), "En bonne voie")
    with django_assert_max_num_queries(7):  # session, user, roles, followed programmes
        assertContains(client.get(URL), "En bonne voie")

    # A help request on week 6's log, sent on its session day at 17:30.
    send_log(on_track, 6, help_request="Qui contacter à la CAF ?")
    WeeklyLog.objects.filter(investigation=on_track, week=6).update(
        submitted_at=session_evening(on_track, 6) - datetime.timedelta(minutes=30)
    )
    response = client.get(URL)
    assert shown_titles(response) == [on_track.submission.title]
    assertContains(response, "En bonne voie")

    # A week later, on the same day: before and after it turns a week old.
    time_machine.move_to(session_evening(on_track, 7) - datetime.timedelta(minutes=40))
    assertNotContains(client.get(URL), "Une demande d’aide attend depuis plus d’une semaine")
    time_machine.move_to(session_evening(on_track, 7) - datetime.timedelta(minutes=20))
    assertContains(client.get(URL), "Une demande d’aide attend depuis plus d’une semaine")


def test_a_write_to_another_programme_keeps_the_page_cached(
    client, programme, on_track, django_assert_max_num_queries
):
    other = InvestigationFactory(programme=ProgrammeFactory(investigation=True))
    client.force_login(programme.coach)
    client.get(URL)
    send_log(other, 1)

    with django_assert_max_num_queries(7):
        client.get(URL)
    send_log(on_track, 6)
    assert len(client.get(URL).context["page"].object_list) == 1
