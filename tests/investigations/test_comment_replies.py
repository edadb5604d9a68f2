"""Replies are threaded under the comment they answer, on its log, visible as it is."""

import pytest
from django.urls import reverse

from investigations import services
from investigations.models import Comment
from tests.investigations.factories import CommentFactory, InvestigationFactory, WeeklyLogFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def log(investigation):
    return WeeklyLogFactory(investigation=investigation, week=2, submitted=True)


@pytest.fixture
def member(investigation):
    return investigation.team.order_by("pk").first()


def url(investigation):
    return reverse("investigations:comment_create", args=[investigation.pk])


def test_an_intrapreneur_replies_under_the_comment_with_htmx(client, investigation, log, member):
    question = CommentFactory(investigation=investigation, log=log, body="Quelle source ?")
    CommentFactory(investigation=investigation, log=log, body="Un autre retour.")
    client.force_login(member)

    response = client.post(
        url(investigation), {"body": "Le registre 2025.", "reply_to": question.pk}, **HTMX
    )

    reply = Comment.objects.get(body="Le registre 2025.")
    assert (reply.reply_to, reply.log, reply.author) == (question, log, member)
    html = response.content.decode()
    assert "Votre réponse est publiée." in html
    # Threaded: the reply comes right after the comment it answers, before the next one.
    assert html.index("Quelle source ?") < html.index("Le registre 2025.")
    assert html.index("Le registre 2025.") < html.index("Un autre retour.")
    assert f'id="commentaire-{reply.pk}"' in html
    assert f'name="reply_to" value="{question.pk}"' in html


def test_without_javascript_a_reply_comes_back_to_its_comments(client, investigation, log, member):
    question = CommentFactory(investigation=investigation, log=log)
    client.force_login(member)

    response = client.post(url(investigation), {"body": "Voici.", "reply_to": question.pk})

    assert response.status_code == 302
    assert response.url.endswith(f"#commentaires-journal-{log.pk}")


def test_an_empty_reply_is_refused_under_its_comment(client, investigation, log, member):
    question = CommentFactory(investigation=investigation, log=log)
    client.force_login(member)

    response = client.post(url(investigation), {"body": "", "reply_to": question.pk}, **HTMX)

    html = response.content.decode()
    assert "Écrivez votre commentaire avant de l’envoyer." in html
    assert f'id="reponse-{question.pk}-body"' in html
    assert '<details class="fr-ml-4w fr-mt-1w" open>' in html
    assert not Comment.objects.filter(reply_to=question).exists()


def test_a_reply_to_a_reply_joins_the_thread_and_a_reply_to_a_private_comment_stays_private(
    client, investigation, log
):
    coach = investigation.programme.coach
    private = CommentFactory(investigation=investigation, log=log, private=True)
    first = CommentFactory(investigation=investigation, log=log, reply_to=private, private=True)
    client.force_login(coach)

    client.post(url(investigation), {"body": "Noté.", "reply_to": first.pk, "visibility": "team"})

    reply = Comment.objects.get(body="Noté.")
    assert (reply.reply_to, reply.visibility) == (private, Comment.Visibility.ANCT)


def test_an_intrapreneur_cannot_reply_to_a_private_comment(client, investigation, log, member):
    private = CommentFactory(investigation=investigation, log=log, private=True)
    client.force_login(member)

    response = client.post(url(investigation), {"body": "Vu.", "reply_to": private.pk})

    assert response.status_code == 404


def test_a_comment_of_another_investigation_cannot_be_answered(client, investigation, member):
    elsewhere = CommentFactory(investigation=InvestigationFactory())
    client.force_login(member)

    response = client.post(url(investigation), {"body": "Vu.", "reply_to": elsewhere.pk})

    assert response.status_code == 404
    assert not Comment.objects.filter(body="Vu.").exists()


def test_the_author_of_the_comment_is_emailed_the_reply(
    investigation, log, member, django_capture_on_commit_callbacks, mailoutbox
):
    coach = investigation.programme.coach
    question = CommentFactory(investigation=investigation, log=log, author=coach)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(
            investigation=investigation,
            reply_to=question,
            body="Le registre 2025.",
            by=member,
            visibility="team",
        )

    to_coach = [mail for mail in mailoutbox if mail.to == [coach.email]]
    assert len(to_coach) == 1
    assert f"{member} a répondu à votre commentaire :" in to_coach[0].body
    assert "Le registre 2025." in to_coach[0].body


def test_each_reply_form_has_its_own_label(client, investigation, member):
    question = CommentFactory(investigation=investigation, body="Quelle source ?")
    client.force_login(member)

    html = client.get(
        reverse("investigations:investigation_detail", args=[investigation.pk])
    ).content.decode()

    reply_form = html[html.index(f'for="reponse-{question.pk}-body"') :]
    assert reply_form.split("</label>")[0].split(">")[1].strip() == "Votre réponse"
