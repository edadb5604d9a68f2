"""Comments on an investigation or a log: inline with htmx, a page of their own without
JavaScript when they have errors, and ANCT-private comments kept from everyone else."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from investigations.access import follow_up_permissions
from investigations.models import Comment
from investigations.views.follow_up import readable_comments
from programmes.models import Programme
from tests.investigations.factories import (
    CommentFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def log(investigation):
    return WeeklyLogFactory(investigation=investigation, week=2, submitted=True)


def intrapreneur(investigation):
    return investigation.team.order_by("pk").first()


def url(investigation):
    return reverse("investigations:comment_create", args=[investigation.pk])


def page_url(investigation, anchor):
    detail = reverse("investigations:investigation_detail", args=[investigation.pk])
    return f"{detail}#{anchor}"


def test_a_comment_on_a_log_comes_back_to_its_anchor_without_javascript(client, investigation, log):
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation), {"body": "Très bon entretien.", "visibility": "team", "log": log.pk}
    )

    assert response.status_code == 302
    assert response.url == page_url(investigation, f"commentaires-journal-{log.pk}")
    comment = Comment.objects.get()
    assert (comment.log, comment.author, comment.body) == (
        log,
        investigation.programme.coach,
        "Très bon entretien.",
    )


def test_a_comment_on_the_investigation_comes_back_to_its_anchor(client, investigation):
    client.force_login(investigation.programme.designer)

    response = client.post(
        url(investigation), {"body": "Où en est la carte ?", "visibility": "team"}
    )

    assert response.url == page_url(investigation, "commentaires-investigation")
    assert Comment.objects.get().log is None


def test_with_htmx_the_comments_fragment_comes_back_with_an_empty_form(client, investigation, log):
    CommentFactory(investigation=investigation, log=log, body="Un premier retour.")
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation),
        {"body": "Un second retour.", "visibility": "team", "log": log.pk},
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="commentaires-journal-{log.pk}"' in html
    assert "Un premier retour." in html
    assert "Un second retour." in html
    assert "Votre commentaire est publié." in html
    # The textarea is empty again: the second comment is in the list, not in the form.
    assert html.count("Un second retour.") == 1


def test_the_anct_team_may_write_a_private_comment(client, investigation, log):
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation), {"body": "Équipe fragile.", "visibility": "anct", "log": log.pk}, **HTMX
    )

    assert Comment.objects.get().visibility == Comment.Visibility.ANCT
    assert "Réservé à l’équipe ANCT" in response.content.decode()


def test_an_intrapreneur_comment_is_visible_to_the_team_even_if_posted_private(
    client, investigation, log
):
    client.force_login(intrapreneur(investigation))

    response = client.post(
        url(investigation), {"body": "Merci !", "visibility": "anct", "log": log.pk}, **HTMX
    )

    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.visibility == Comment.Visibility.TEAM
    assert comment.author == intrapreneur(investigation)


def test_only_the_anct_team_is_offered_the_visibility_choice(client, investigation, log):
    CommentFactory(investigation=investigation, log=log)
    client.force_login(intrapreneur(investigation))
    member_html = client.post(url(investigation), {"log": log.pk, "body": ""}, **HTMX).content
    client.force_login(investigation.programme.coach)
    coach_html = client.post(url(investigation), {"log": log.pk, "body": ""}, **HTMX).content

    assert b'name="visibility"' not in member_html
    assert b'name="visibility"' in coach_html


def test_an_empty_comment_is_refused_next_to_its_field_with_htmx(client, investigation, log):
    client.force_login(investigation.programme.coach)

    response = client.post(
        url(investigation), {"body": "   ", "visibility": "team", "log": log.pk}, **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="commentaire-{log.pk}-body_error"' in html
    assert "Écrivez votre commentaire avant de l’envoyer." in html
    assert not Comment.objects.exists()


def test_a_too_long_comment_keeps_the_typed_text_with_htmx(client, investigation, log):
    client.force_login(intrapreneur(investigation))
    typed = "Nous avons rencontré douze usagers. " * 200

    response = client.post(url(investigation), {"body": typed, "log": log.pk}, **HTMX)

    html = response.content.decode()
    assert "Votre commentaire est trop long : 5000 caractères au plus" in html
    assert typed.strip() in html
    assert not Comment.objects.exists()


def test_without_javascript_an_empty_comment_comes_back_on_a_page_with_its_error(
    client, investigation, log
):
    client.force_login(investigation.programme.coach)

    response = client.post(url(investigation), {"body": "", "visibility": "anct", "log": log.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Le formulaire contient des erreurs" in html
    assert "Écrivez votre commentaire avant de l’envoyer." in html
    # The choice made is kept too.
    assert f'id="commentaire-{log.pk}-visibility_1" name="visibility" value="anct" checked' in (
        " ".join(html.split())
    )
    assert page_url(investigation, f"commentaires-journal-{log.pk}") in html


def test_without_javascript_a_too_long_comment_keeps_the_typed_text(client, investigation):
    client.force_login(intrapreneur(investigation))
    typed = "Un usager sur trois ne vient pas. " * 200

    response = client.post(url(investigation), {"body": typed})

    assert response.status_code == 200
    assert typed.strip() in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_stay_possible_after_the_programme_closes(client, investigation, log):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)
    client.force_login(intrapreneur(investigation))

    response = client.post(url(investigation), {"body": "Merci pour tout.", "log": log.pk})

    assert response.status_code == 302
    assert Comment.objects.get().body == "Merci pour tout."


def test_an_intrapreneur_does_not_get_private_comments_in_the_fragment(client, investigation, log):
    CommentFactory(investigation=investigation, log=log, body="Visible de tous.")
    CommentFactory(investigation=investigation, log=log, body="Note interne.", private=True)
    client.force_login(intrapreneur(investigation))

    response = client.post(url(investigation), {"body": "Bien reçu.", "log": log.pk}, **HTMX)

    html = response.content.decode()
    assert "Visible de tous." in html
    assert "Bien reçu." in html
    assert "Note interne." not in html
    assert "Réservé à l’équipe ANCT" not in html


def render_comments(user, investigation, log):
    request = RequestFactory().get("/")
    request.user = user
    context = {
        **follow_up_permissions(user, investigation),
        "investigation": investigation,
        "log": log,
        "comments": readable_comments(user, investigation).filter(log=log),
    }
    return render_to_string(
        "investigations/follow_up/includes/comments.html", context, request=request
    )


def test_the_included_fragment_keeps_private_comments_for_the_anct_team(investigation, log):
    CommentFactory(investigation=investigation, log=log, body="Note interne.", private=True)
    referent = MembershipFactory(
        referent=True, collectivity=investigation.programme.collectivities.first()
    ).user

    assert "Note interne." in render_comments(investigation.programme.coach, investigation, log)
    assert "Note interne." not in render_comments(intrapreneur(investigation), investigation, log)
    assert "Note interne." not in render_comments(referent, investigation, log)


def test_a_referent_reads_the_comments_without_a_form(investigation, log):
    CommentFactory(investigation=investigation, log=log, body="Visible de tous.")
    referent = MembershipFactory(
        referent=True, collectivity=investigation.programme.collectivities.first()
    ).user

    html = render_comments(referent, investigation, log)

    assert "Visible de tous." in html
    assert "<form" not in html
