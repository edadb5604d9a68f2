"""The emails of the investigation phase, sent once the transaction commits, one to each
recipient: a new visible comment to the team, a help request to the coach and designer, a
reopened log to its authors. An ANCT-private comment is never emailed."""

import pytest
from django.core import mail
from django.urls import reverse

from incubateur import fragments
from investigations.services import log_for_week, log_save
from tests.intrapreneurs.factories import CandidacyFactory
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory
from tests.programmes.factories import ProgrammeFactory


@pytest.fixture
def investigation():
    programme = ProgrammeFactory(investigation=True)
    members = [CandidacyFactory(programme=programme).agent for _ in range(3)]
    return InvestigationFactory(programme=programme, members=members)


def team(investigation):
    return list(investigation.team.order_by("pk"))


def post_comment(client, investigation, user, **data):
    client.force_login(user)
    return client.post(
        reverse("investigations:comment_create", args=[investigation.pk]),
        {"body": "Très bon entretien avec l’accueil.", **data},
    )


def test_a_visible_comment_emails_the_team_but_not_its_author(
    client, investigation, django_capture_on_commit_callbacks
):
    author, *others = team(investigation)

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, investigation, author)

    assert sorted(email.to for email in mail.outbox) == sorted([user.email] for user in others)
    for email in mail.outbox:
        assert investigation.submission.title in email.subject
        assert "Très bon entretien avec l’accueil." in email.body
        assert reverse("investigations:investigation_detail", args=[investigation.pk]) in email.body


def test_a_coach_comment_on_a_log_emails_the_whole_team(
    client, investigation, django_capture_on_commit_callbacks
):
    log = WeeklyLogFactory(investigation=investigation, week=2, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        post_comment(
            client, investigation, investigation.programme.coach, visibility="team", log=log.pk
        )

    assert sorted(email.to for email in mail.outbox) == sorted(
        [user.email] for user in team(investigation)
    )
    assert all("journal de la semaine 2" in email.body for email in mail.outbox)


def test_a_private_comment_emails_nobody(client, investigation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post_comment(
            client,
            investigation,
            investigation.programme.coach,
            visibility="anct",
            body="L’équipe manque de temps : en parler au DGS.",
        )

    # Nothing scheduled at commit but the cached pages' new tokens (incubateur.fragments).
    assert {getattr(callback, "func", callback) for callback in callbacks} == {
        fragments.replace_tokens
    }
    assert mail.outbox == []


def test_nothing_is_emailed_before_the_comment_commits(client, investigation):
    # Without running the on-commit callbacks, the transaction never "commits".
    post_comment(client, investigation, team(investigation)[0])

    assert mail.outbox == []


def test_a_submitted_log_with_a_help_request_emails_the_coach_and_designer(
    investigation, django_capture_on_commit_callbacks
):
    programme = investigation.programme
    log = log_for_week(investigation=investigation, week=2)
    log.help_request = "Pouvez-vous nous présenter le service informatique ?"

    with django_capture_on_commit_callbacks(execute=True):
        log_save(log=log, submit=True, by=team(investigation)[0])

    assert sorted(email.to for email in mail.outbox) == sorted(
        [[programme.coach.email], [programme.designer.email]]
    )
    for email in mail.outbox:
        assert "Pouvez-vous nous présenter le service informatique ?" in email.body
        assert "semaine 2" in email.body


def test_a_draft_log_with_a_help_request_emails_nobody(
    investigation, django_capture_on_commit_callbacks
):
    log = log_for_week(investigation=investigation, week=2)
    log.help_request = "Un contact ?"

    with django_capture_on_commit_callbacks(execute=True):
        log_save(log=log, submit=False, by=team(investigation)[0])

    assert mail.outbox == []


def test_reopening_a_log_emails_its_authors(
    client, investigation, django_capture_on_commit_callbacks
):
    first, second, third = team(investigation)
    log = WeeklyLogFactory(
        investigation=investigation, week=1, submitted=True, authors=[first, second]
    )
    client.force_login(investigation.programme.coach)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("investigations:log_reopen", args=[investigation.pk, log.pk]))

    assert sorted(email.to for email in mail.outbox) == sorted([[first.email], [second.email]])
    assert all("semaine 1" in email.subject for email in mail.outbox)
