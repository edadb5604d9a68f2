"""« Télécharger mes données »: everything about the person, nothing about anyone else."""

import json

import time_machine
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.urls import reverse

from incubateur.audit.services import Action, record
from tests.factories import UserFactory
from tests.intrapreneurs.factories import SelectionReviewFactory
from tests.investigations.factories import CommentFactory
from tests.privacy.conftest import contribute

URL = reverse("privacy:download")


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return json.loads(response.content)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@time_machine.travel("2026-11-29 10:00 +01:00")
def test_it_is_a_json_attachment_named_after_the_day_and_never_cached(client, person):
    client.force_login(person)

    response = client.get(URL)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="mes-donnees-investigations-2026-11-29.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_it_holds_the_account_and_everything_the_person_wrote(client, person):
    contribute(person, label="de Camille")
    SocialAccount.objects.create(user=person, provider="proconnect", uid="pc-1234")

    data = download(client, person)

    assert data["account"]["email"] == "camille@lehavre.fr"
    assert data["account"]["first_name"] == "Camille"
    assert data["account"]["last_name"] == "Lefèvre-Quintanar"
    assert data["email_addresses"] == [
        {"email": "camille@lehavre.fr", "verified": True, "primary": True}
    ]
    assert [(a["provider"], a["uid"]) for a in data["social_accounts"]] == [
        ("proconnect", "pc-1234")
    ]
    assert len(data["memberships"]) == 1
    assert data["memberships"][0]["role"] == "Agent"
    assert [i["email"] for i in data["invitations_received"]] == ["camille@lehavre.fr"]
    assert len(data["invitations_sent"]) == 1
    assert [s["problem"] for s in data["submissions"]] == ["Problème écrit de Camille"]
    assert data["candidacies"][0]["motivation"] == "Motivation de Camille"
    assert data["candidacies"][0]["preferred_problems"] == [data["submissions"][0]["title"]]
    assert [r["comment"] for r in data["selection_reviews"]] == ["Évaluation de Camille"]
    assert len(data["investigation_teams"]) == 1
    assert [log["key_learnings"] for log in data["weekly_logs"]] == ["Apprentissage de Camille"]
    assert data["weekly_logs"][0]["figures"] == [
        {"figure": "32 % de Camille", "source": "agenda 2025"}
    ]
    assert [h["statement"] for h in data["hypotheses"]] == ["Hypothèse de Camille"]
    assert len(data["hypothesis_changes"]) == 1
    assert [c["summary"] for c in data["conclusions"]] == ["Conclusion de Camille"]
    assert [c["body"] for c in data["comments"]] == ["Commentaire de Camille"]
    assert [a["status"] for a in data["attendance"]] == ["Présent"]
    assert [n["kind"] for n in data["notifications"]] == ["Accusé de réception d’un problème"]
    assert data["email_preferences"][0]["digest"] is False


def test_it_lists_the_audit_events_of_the_person_only(client, person):
    other = UserFactory()
    contributions = contribute(person)
    record(actor=person, action=Action.SUBMISSION_SUBMITTED, target=contributions.submission)
    record(actor=other, action=Action.COMMENT_POSTED, target=contributions.investigation)

    data = download(client, person)

    assert [event["action"] for event in data["audit_events"]] == ["Problème soumis"]


def test_it_never_holds_tokens(client, person):
    account = SocialAccount.objects.create(user=person, provider="proconnect", uid="pc-1")
    SocialToken.objects.create(account=account, token="jeton-secret", token_secret="secret")

    client.force_login(person)
    content = client.get(URL).content.decode()

    assert "jeton-secret" not in content
    assert "pc-1" in content


def test_another_persons_data_never_appears(client, person):
    other = UserFactory(first_name="Dominique", last_name="Durandal", email="dominique@rouen.fr")
    contribute(other, label="de Dominique")
    # On the person's own investigation and problem too, what others write is theirs.
    mine = contribute(person, label="de Camille")
    CommentFactory(investigation=mine.investigation, author=other, body="Remarque de Dominique")
    SelectionReviewFactory(submission=mine.submission, reviewer=other, comment="Note de Dominique")
    record(actor=other, action=Action.COMMENT_POSTED, target=mine.investigation)

    client.force_login(person)
    content = client.get(URL).content.decode()

    assert "de Camille" in content
    for trace in ["Dominique", "dominique@rouen.fr", "Durandal"]:
        assert trace not in content


def test_its_queries_do_not_grow_with_the_data(client, person, django_assert_num_queries):
    other = UserFactory()
    client.force_login(other)
    # session, user, then one query per section: addresses, social accounts, memberships,
    # programmes followed, invitations received and sent, submissions (+ attachments),
    # candidacies (+ preferred problems), reviews, teams, logs (+ figures), hypotheses,
    # hypothesis changes, conclusions, comments, attendance, notifications, preferences,
    # audit events, check-in answers, calendar link.
    contribute(other)
    with django_assert_num_queries(26):
        client.get(URL)
    for _ in range(3):
        contribute(other)
    with django_assert_num_queries(26):
        client.get(URL)
