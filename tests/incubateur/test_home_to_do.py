"""The home page's to-do list: open calls for agents, this week's log, late weeks and
unanswered comments for intrapreneurs; the referents' links; a fixed number of queries.

The investigation programme runs on Thursdays from 7 January 2027 (no public holiday
until March); the tests travel to noon on 11 February, the day of its sixth session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from investigations import services
from investigations.models import WeeklyLog
from tests.intrapreneurs.factories import CandidacyFactory, ProblemSubmissionFactory
from tests.investigations.factories import (
    CommentFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

HOME = reverse("home")
START = datetime.date(2027, 1, 7)
SIXTH_SESSION = datetime.date(2027, 2, 11)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def programme():
    return ProgrammeFactory(
        investigation=True,
        call_opens_on=datetime.date(2026, 10, 1),
        call_closes_on=datetime.date(2026, 11, 1),
        investigation_starts_on=START,
    )


@pytest.fixture
def today(time_machine):
    time_machine.move_to(at(SIXTH_SESSION), tick=False)
    return SIXTH_SESSION


@pytest.fixture
def investigation(programme, today):
    return InvestigationFactory(programme=programme)


@pytest.fixture
def member(investigation):
    return investigation.team.order_by("pk").first()


def send_log(investigation, week):
    session = investigation.sessions.get(week=week)
    return WeeklyLogFactory(
        investigation=investigation,
        week=week,
        status=WeeklyLog.Status.SUBMITTED,
        submitted_at=at(session.date, 18),
    )


def log_url(investigation, week):
    return reverse("investigations:log_form", args=[investigation.pk, week])


# This week's log


def test_an_intrapreneur_is_asked_to_write_this_weeks_log(client, investigation, member):
    client.force_login(member)

    response = client.get(HOME)

    assertContains(response, "Semaine 6, séance du jeudi 11 février :")
    assertContains(response, "Non commencé")
    assertContains(response, f'href="{log_url(investigation, 6)}"')
    assertContains(response, "Écrire le journal")


def test_a_draft_of_this_weeks_log_is_to_be_continued(client, investigation, member):
    WeeklyLogFactory(investigation=investigation, week=6)
    client.force_login(member)

    response = client.get(HOME)

    assertContains(response, "Brouillon")
    assertContains(response, "Continuer le brouillon")


def test_a_sent_log_of_this_week_is_shown_as_sent(client, investigation, member):
    send_log(investigation, 6)
    client.force_login(member)

    response = client.get(HOME)

    assertContains(response, "Envoyé")
    assertContains(response, "Modifier le journal")


def test_before_the_first_session_the_team_is_told_its_date(
    client, investigation, member, time_machine
):
    time_machine.move_to(at(datetime.date(2027, 1, 4)), tick=False)
    client.force_login(member)

    response = client.get(HOME)

    assertContains(response, "La première séance a lieu le jeudi 7 janvier 2027.")
    assertNotContains(response, "Écrire le journal")


# Late weeks


def test_the_weeks_before_this_one_without_a_sent_log_are_late(client, investigation, member):
    for week in (1, 2, 4):
        send_log(investigation, week)
    WeeklyLogFactory(investigation=investigation, week=3)
    client.force_login(member)

    response = client.get(HOME)

    late = [week.week for week in response.context["team_to_dos"][0].late_weeks]
    assert late == [3, 5]
    assertContains(response, "Les journaux en retard")
    assertContains(response, f'href="{log_url(investigation, 3)}"')
    assertContains(response, "Semaine 3 (séance du 21 janvier)</a>")
    assertContains(response, "brouillon non envoyé")
    assertContains(response, "Semaine 5 (séance du 4 février)</a>")
    assertContains(response, "pas encore commencé")


def test_a_team_up_to_date_has_nothing_late(client, investigation, member):
    for week in range(1, 6):
        send_log(investigation, week)
    client.force_login(member)

    response = client.get(HOME)

    assertNotContains(response, "Les journaux en retard")
    assertContains(response, "Aucun journal en retard ni commentaire en attente de réponse.")


# Unanswered comments


def test_a_comment_of_the_anct_team_after_the_teams_last_log_awaits_an_answer(
    client, investigation, member, time_machine
):
    log = send_log(investigation, 5)
    time_machine.move_to(at(SIXTH_SESSION, 9), tick=False)
    comment = CommentFactory(investigation=investigation, log=log, body="Quelle source ?")
    time_machine.move_to(at(SIXTH_SESSION), tick=False)
    client.force_login(member)

    response = client.get(HOME)

    assert response.context["team_to_dos"][0].unanswered_comments == [comment]
    assertContains(response, "Les commentaires sans réponse")
    assertContains(response, "« Quelle source ? »")
    assertContains(
        response,
        reverse("investigations:investigation_detail", args=[investigation.pk])
        + f"#commentaire-{comment.pk}",
    )


def test_a_comment_is_answered_by_a_reply_of_the_team(client, investigation, member):
    question = CommentFactory(investigation=investigation, body="Quelle source ?")
    services.comment_post(
        investigation=investigation,
        reply_to=question,
        body="Le registre.",
        by=member,
        visibility="team",
    )
    client.force_login(member)

    response = client.get(HOME)

    assert response.context["team_to_dos"][0].unanswered_comments == []
    assertNotContains(response, "Quelle source ?")


def test_neither_a_new_log_nor_another_comment_answers_a_comment(
    client, investigation, member, time_machine
):
    """Unanswered means nobody answered: only a reply under the comment clears it."""
    time_machine.move_to(at(datetime.date(2027, 2, 1)), tick=False)
    question = CommentFactory(investigation=investigation, body="Quelle source ?")
    other = CommentFactory(investigation=investigation, body="Et les partenaires ?")
    time_machine.move_to(at(SIXTH_SESSION), tick=False)
    send_log(investigation, 5)  # sent on 4 February
    CommentFactory(investigation=investigation, author=member, body="Un mot sans réponse.")
    services.comment_post(
        investigation=investigation, reply_to=other, body="Oui.", by=member, visibility="team"
    )
    client.force_login(member)

    response = client.get(HOME)

    assert response.context["team_to_dos"][0].unanswered_comments == [question]


def test_a_reply_by_the_anct_team_does_not_answer_for_the_team(client, investigation, member):
    question = CommentFactory(investigation=investigation, body="Quelle source ?")
    services.comment_post(
        investigation=investigation,
        reply_to=question,
        body="Je précise : la source du chiffre.",
        by=investigation.programme.designer,
        visibility="team",
    )
    client.force_login(member)

    response = client.get(HOME)

    assert response.context["team_to_dos"][0].unanswered_comments == [question]


def test_private_comments_and_the_teams_own_comments_await_no_answer(client, investigation, member):
    CommentFactory(investigation=investigation, private=True)
    CommentFactory(investigation=investigation, author=member)
    client.force_login(member)

    response = client.get(HOME)

    assert response.context["team_to_dos"][0].unanswered_comments == []


def test_only_the_users_running_investigations_are_listed(client, investigation, member, programme):
    other_team = InvestigationFactory(programme=programme)
    closed = ProgrammeFactory(closed=True, collectivities=programme.collectivities.all())
    finished = InvestigationFactory(programme=closed, members=[member])
    client.force_login(member)

    response = client.get(HOME)

    assert [to_do.investigation for to_do in response.context["team_to_dos"]] == [investigation]
    assertNotContains(response, other_team.submission.title)
    assertNotContains(response, finished.submission.title)


# Open calls


@pytest.fixture
def agent(programme):
    return MembershipFactory(collectivity=programme.collectivities.first()).user


@pytest.fixture
def open_call(programme, today):
    return ProgrammeFactory(
        call_open=True,
        call_opens_on=datetime.date(2027, 2, 1),
        call_closes_on=datetime.date(2027, 3, 1),
        investigation_starts_on=datetime.date(2027, 4, 1),
        collectivities=programme.collectivities.all(),
    )


def test_an_agent_sees_the_open_calls_with_their_drafts_to_finish(client, agent, open_call):
    draft = ProblemSubmissionFactory(programme=open_call, author=agent, title="Mon brouillon")
    ProblemSubmissionFactory(programme=open_call, author=agent, submitted=True, title="Envoyé")
    ProblemSubmissionFactory(programme=open_call, title="Le brouillon d’un collègue")
    client.force_login(agent)

    response = client.get(HOME)

    assertContains(response, f"Appel à problèmes : {open_call.name}")
    assertContains(response, "Ouvert jusqu’au lundi 1 mars 2027.")
    assertContains(response, "Vos brouillons à terminer")
    assertContains(response, reverse("intrapreneurs:submission_update", args=[draft.pk]))
    assert [d.title for d in response.context["open_calls"][0].drafts] == ["Mon brouillon"]
    assertContains(response, reverse("intrapreneurs:submission_create", args=[open_call.slug]))


def test_an_agent_sees_whether_they_volunteered(client, agent, open_call):
    client.force_login(agent)

    assertContains(client.get(HOME), "Pas de candidature d’intrapreneur")
    CandidacyFactory(programme=open_call, agent=agent)
    response = client.get(HOME)
    assertContains(response, "Candidature d’intrapreneur déposée")
    assertContains(response, "Modifier ma candidature")


def test_calls_of_other_collectivities_or_past_their_end_are_not_to_do(
    client, agent, open_call, programme
):
    elsewhere = ProgrammeFactory(
        call_open=True,
        call_opens_on=datetime.date(2027, 2, 1),
        call_closes_on=datetime.date(2027, 3, 1),
        investigation_starts_on=datetime.date(2027, 4, 1),
    )
    client.force_login(agent)

    response = client.get(HOME)

    assert [call.programme for call in response.context["open_calls"]] == [open_call]
    assertNotContains(response, elsewhere.name)
    # The programme in investigation is listed, but not as a call to answer.
    assertContains(response, programme.name)
    assertNotContains(response, f"Appel à problèmes : {programme.name}")


# Referents


def test_referents_get_the_links_to_their_programmes_selection_and_investigations(
    client, programme, today
):
    referent = MembershipFactory(collectivity=programme.collectivities.first(), referent=True).user
    client.force_login(referent)

    response = client.get(HOME)

    detail = reverse("programmes:programme_detail", args=[programme.slug])
    assertContains(response, f'href="{detail}"')
    assertContains(response, reverse("intrapreneurs:selection_list", args=[programme.slug]))
    assertContains(response, f'href="{detail}#titre-investigations"')
    assertNotContains(response, "À faire")


@pytest.fixture
def referent(programme):
    return MembershipFactory(collectivity=programme.collectivities.first(), referent=True).user


def test_during_the_call_a_referent_follows_the_submissions_without_agent_actions(
    client, referent, open_call
):
    client.force_login(referent)

    response = client.get(HOME)

    assertContains(response, "À faire")
    assertContains(response, f"Appel en cours : {open_call.name}")
    selection = reverse("intrapreneurs:selection_list", args=[open_call.slug])
    assertContains(response, f'href="{selection}">Suivre les problèmes déposés</a>')
    assertContains(response, f'href="{selection}">Voir les problèmes déposés')
    assert response.context["open_calls"] == []
    assertNotContains(response, "Pas de candidature d’intrapreneur")
    assertNotContains(response, "Me porter volontaire")
    assertNotContains(response, reverse("intrapreneurs:submission_create", args=[open_call.slug]))
    assertNotContains(response, "Participer à l’appel")


def test_during_the_selection_a_referent_is_sent_to_it(client, referent, open_call):
    type(open_call).objects.filter(pk=open_call.pk).update(status="selection")
    client.force_login(referent)

    response = client.get(HOME)

    assertContains(response, f"Sélection en cours : {open_call.name}")
    selection = reverse("intrapreneurs:selection_list", args=[open_call.slug])
    assertContains(response, f'href="{selection}">Ouvrir la sélection</a>')


def test_the_referents_home_runs_a_fixed_number_of_queries(
    client, referent, open_call, django_assert_num_queries
):
    client.force_login(referent)

    def count_queries():
        # session, user; roles: memberships, followed programmes, team memberships;
        # per-programme access: memberships; programmes with their candidacy, their
        # collectivités (the committee's steps need no more)
        with django_assert_num_queries(8):
            return client.get(HOME)

    small = count_queries()
    for _ in range(5):
        ProgrammeFactory(
            call_open=True,
            call_opens_on=datetime.date(2027, 2, 1),
            call_closes_on=datetime.date(2027, 3, 1),
            investigation_starts_on=datetime.date(2027, 4, 1),
            collectivities=open_call.collectivities.all(),
        )
    large = count_queries()

    assert len(small.context["committee_steps"]) == 1
    assert len(large.context["committee_steps"]) == 6


def test_agents_get_no_link_to_the_selection(client, agent, programme, today):
    client.force_login(agent)

    response = client.get(HOME)

    assertNotContains(response, reverse("intrapreneurs:selection_list", args=[programme.slug]))
    assertNotContains(response, "#titre-investigations")


# Query count


def test_the_intrapreneurs_home_runs_a_fixed_number_of_queries(
    client, programme, member, investigation, django_assert_num_queries
):
    client.force_login(member)

    def build(investigations, comments):
        for target in investigations:
            for week in (1, 2, 3):
                log = send_log(target, week)
                for _ in range(comments):
                    CommentFactory(investigation=target, log=log)
            WeeklyLogFactory(investigation=target, week=4)

    def count_queries():
        # session, user; roles: memberships, followed programmes, team memberships;
        # per-programme access: memberships; programmes, their collectivités; the
        # investigations, their sessions, their logs, the logs' comments; the comments
        # awaiting an answer (no open call: no drafts)
        with django_assert_num_queries(13):
            return client.get(HOME)

    build([investigation], comments=1)
    small = count_queries()
    # One investigation per programme for an intrapreneur: the others are elsewhere.
    more = [InvestigationFactory(members=[member]) for _ in range(2)]
    build(more, comments=5)
    large = count_queries()

    assert len(small.context["team_to_dos"]) == 1
    assert len(large.context["team_to_dos"]) == 3
    assert sum(len(t.unanswered_comments) for t in large.context["team_to_dos"]) == 3 + 2 * 15


def test_the_agents_home_runs_a_fixed_number_of_queries(
    client, agent, programme, today, django_assert_num_queries
):
    client.force_login(agent)

    def open_calls(count):
        for _ in range(count):
            call = ProgrammeFactory(
                call_open=True,
                call_opens_on=datetime.date(2027, 2, 1),
                call_closes_on=datetime.date(2027, 3, 1),
                investigation_starts_on=datetime.date(2027, 4, 1),
                collectivities=programme.collectivities.all(),
            )
            ProblemSubmissionFactory.create_batch(3, programme=call, author=agent)
            CandidacyFactory(programme=call, agent=agent)

    def count_queries():
        # session, user; roles: memberships, followed programmes, team memberships;
        # per-programme access: memberships; programmes with their candidacy,
        # their collectivités; the drafts of the open calls
        with django_assert_num_queries(9):
            return client.get(HOME)

    open_calls(1)
    small = count_queries()
    open_calls(9)
    large = count_queries()

    assert len(small.context["open_calls"]) == 1
    assert len(large.context["open_calls"]) == 10
