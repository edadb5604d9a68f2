"""The Monday digest of each coach and designer, its one-click unsubscribe link and the
preference page."""

import datetime
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur.notifications import delivery
from incubateur.notifications.message import unsubscribe_path
from incubateur.notifications.models import EmailPreference, Notification
from incubateur.notifications.registry import due_at
from investigations.notifications.digest import build_digest
from programmes.models import Programme
from tests.investigations.factories import CommentFactory, InvestigationFactory
from tests.notifications.conftest import (
    investigation_programme,
    of_kind,
    paris,
    recipients,
    run_at,
    submit_logs,
)

MONDAY = (2026, 11, 30)  # the digest tells of the week of 23 November


def digests(emails):
    return of_kind(emails, "digest")


@pytest.fixture
def week_of_activity(clock, programme, investigation):
    """During the week of 23 November: week 9's log is sent with a help request, an
    intrapreneur comments and is answered, another comments and waits; a second
    investigation has missed weeks 7 and 8 (stalled)."""
    stalled = submit_logs(InvestigationFactory(programme=programme), range(1, 7))
    first, second = investigation.team.order_by("pk")
    clock.move_to(paris(2026, 11, 20, 10), tick=False)
    CommentFactory(investigation=investigation, author=first, body="Un entretien annulé.")
    clock.move_to(paris(2026, 11, 20, 11), tick=False)
    CommentFactory(investigation=investigation, body="Proposez une autre date.")
    clock.move_to(paris(2026, 11, 26, 18), tick=False)
    submit_logs(investigation, [9]).logs.filter(week=9).update(help_request="Un contact à la CAF ?")
    CommentFactory(investigation=investigation, author=second, body="Qui relit la synthèse ?")
    return investigation, stalled


def test_coach_and_designer_get_the_week_on_monday_morning(clock, programme, week_of_activity):
    investigation, stalled = week_of_activity

    assert digests(run_at(clock, paris(*MONDAY, 7, 55))) == []
    emails = digests(run_at(clock, paris(*MONDAY, 8, 0)))

    assert recipients(emails) == sorted([programme.coach.email, programme.designer.email])
    email = emails[0]
    assert email.subject == "Vos investigations : la semaine du 23 novembre"
    assert email.body.startswith("Ouvrir mon espace de suivi :\nhttp://127.0.0.1:8000/accueil/")
    body = email.body
    assert f"== {programme.name} ==" in body
    assert f"Journaux envoyés (1)\n- « {investigation.submission.title} », semaine 9" in body
    assert "Commentaires qui attendent une réponse (1)" in body
    assert "Qui relit la synthèse ?" in body
    assert "Un entretien annulé." not in body  # answered by the coach
    assert "Demandes d’aide ouvertes (1)" in body and "Un contact à la CAF ?" in body
    assert f"Investigations à l’arrêt (1)\n- « {stalled.submission.title} »" in body
    [(html, _mimetype)] = email.alternatives
    assert "<h2" in html and "Qui relit la synthèse ?" in html
    assert Notification.objects.filter(kind="digest", period="2026-W49").count() == 2


def test_the_digest_goes_out_once_a_week(clock, week_of_activity):
    run_at(clock, paris(*MONDAY, 8, 0))

    assert digests(run_at(clock, paris(*MONDAY, 14, 0))) == []
    assert digests(run_at(clock, paris(2026, 12, 1, 8, 0))) == []
    assert len(digests(run_at(clock, paris(2026, 12, 7, 8, 0)))) == 2


def test_a_digest_with_nothing_to_tell_is_not_sent(clock, investigation):
    assert digests(run_at(clock, paris(*MONDAY, 8, 0))) == []
    assert set(Notification.objects.filter(kind="digest").values_list("status", "error")) == {
        ("skipped", "Rien à signaler cette semaine.")
    }


def test_the_digest_waits_for_the_end_of_a_monday_holiday(clock):
    # Easter Monday 2027: the digest goes out on Tuesday.
    programme = investigation_programme(datetime.date(2027, 2, 4))
    submit_logs(InvestigationFactory(programme=programme), range(1, 5))  # stalled in March

    assert digests(run_at(clock, paris(2027, 3, 29, 8, 0))) == []
    assert len(digests(run_at(clock, paris(2027, 3, 30, 8, 0)))) == 2


def test_a_digest_missed_until_thursday_waits_for_next_week(clock, week_of_activity):
    assert digests(run_at(clock, paris(2026, 12, 3, 8, 0))) == []


def test_no_digest_for_a_closed_programme(clock, programme, week_of_activity):
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)

    assert digests(run_at(clock, paris(*MONDAY, 8, 0))) == []


def test_no_digest_for_who_unsubscribed(clock, programme, week_of_activity):
    EmailPreference.set_digest(programme.coach, False)

    emails = digests(run_at(clock, paris(*MONDAY, 8, 0)))

    assert recipients(emails) == [programme.designer.email]


def test_unsubscribing_before_the_digest_is_delivered_cancels_it(
    clock, programme, week_of_activity
):
    clock.move_to(paris(*MONDAY, 8, 0), tick=False)
    delivery.create_due(due_at(paris(*MONDAY, 8, 0)))  # the broker was down
    EmailPreference.set_digest(programme.coach, False)

    emails = digests(run_at(clock, paris(*MONDAY, 8, 5)))

    assert recipients(emails) == [programme.designer.email]
    skipped = Notification.objects.get(kind="digest", recipient=programme.coach)
    assert skipped.error == "Le destinataire s’est désabonné du récapitulatif."


def test_the_digest_carries_a_signed_one_click_unsubscribe_link(
    client, clock, programme, week_of_activity
):
    [email] = [e for e in run_at(clock, paris(*MONDAY, 8, 0)) if e.to == [programme.coach.email]]
    link = re.search(r"Ne plus recevoir ce récapitulatif \(en un clic\) :\n(\S+)", email.body)[1]
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.removeprefix("http://127.0.0.1:8000")

    # Opening the link (a mail gateway's scanner does) only asks.
    assertContains(client.get(path), "Me désabonner")
    assert EmailPreference.wants_digest(programme.coach)
    # The mail client's one-click POST (RFC 8058) carries no session nor CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assertContains(response, "ne recevra plus le récapitulatif hebdomadaire")
    assert not EmailPreference.wants_digest(programme.coach)
    assert EmailPreference.wants_digest(programme.designer)


def test_a_tampered_unsubscribe_link_is_refused(client, programme):
    path = unsubscribe_path(programme.coach)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("notifications:unsubscribe", args=[token.replace(":", ":x", 1)])

    response = client.post(forged)

    assertContains(response, "n’est pas valide", status_code=400)
    assert EmailPreference.wants_digest(programme.coach)


def test_the_preference_page_subscribes_again(client, programme):
    EmailPreference.set_digest(programme.coach, False)
    client.force_login(programme.coach)
    url = reverse("notifications:preferences")
    assertContains(client.get(url), "Recevoir le récapitulatif hebdomadaire")

    response = client.post(url, {"digest": "on"}, follow=True)

    assertContains(response, "Vos préférences de courriels sont enregistrées.")
    assert EmailPreference.wants_digest(programme.coach)
    client.post(url, {})
    assert not EmailPreference.wants_digest(programme.coach)


def test_the_preference_page_needs_a_login(client):
    response = client.get(reverse("notifications:preferences"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("programmes", [1, 3])
def test_the_digest_takes_five_queries_whatever_the_number_of_programmes(
    clock, programmes, django_assert_num_queries
):
    coach = None
    for _ in range(programmes):
        extra = {"coach": coach} if coach else {}
        programme = investigation_programme(datetime.date(2026, 10, 1), **extra)
        coach = programme.coach
        for _ in range(2):
            investigation = submit_logs(InvestigationFactory(programme=programme), range(1, 7))
            CommentFactory(investigation=investigation, author=investigation.team.first())
    now = paris(*MONDAY, 8, 0)

    # Programmes; submitted logs; open help requests; comments awaiting an answer;
    # investigations with their progress.
    with django_assert_num_queries(5):
        digests = build_digest(coach, datetime.date(*MONDAY), now)

    assert len(digests) == programmes
    assert all(len(digest.stalled) == 2 for digest in digests)
