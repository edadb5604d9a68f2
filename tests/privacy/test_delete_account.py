"""« Supprimer mon compte »: a confirmation page, then the identity is erased at once."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from incubateur.audit.models import AuditEvent
from tests.accounts.html_outline import PageOutline
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.privacy.conftest import contribute

URL = reverse("privacy:delete_account")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for response in [client.get(URL), client.post(URL, {"email": "x@example.org"})]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_page_says_what_is_erased_and_what_is_kept(signed_in):
    response = signed_in.get(URL)

    assertContains(response, "<h1>Supprimer mon compte</h1>", html=True)
    assertContains(response, "Ce qui est effacé")
    assertContains(response, "Ce qui est conservé")
    assertContains(response, "« Personne anonymisée »")
    outline = PageOutline(response.content.decode())
    assert outline.h1_count == 1
    assert outline.unlabelled_controls() == []
    assert outline.dangling_descriptions() == []
    assertContains(response, 'name="email"')


@pytest.mark.parametrize("typed", ["", "quelquun@lehavre.fr", "pas une adresse"])
def test_a_wrong_confirmation_changes_nothing(signed_in, person, typed):
    response = signed_in.post(URL, {"email": typed})

    assert response.status_code == 200
    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, "<title>Erreur : Supprimer mon compte")
    person.refresh_from_db()
    assert person.is_active
    assert person.anonymised_at is None
    assert person.email == "camille@lehavre.fr"
    assert signed_in.get(reverse("privacy:my_data")).status_code == 200


def test_the_right_address_erases_the_identity_and_logs_out(signed_in, person):
    response = signed_in.post(URL, {"email": " Camille@LeHavre.fr "}, follow=True)

    assertRedirects(response, reverse("landing"))
    assertContains(response, "Votre compte a été supprimé")
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert not person.is_active
    assert (person.first_name, person.last_name) == ("", "")
    assert person.email == f"anonyme-{person.pk}@anonyme.invalid"
    # Signed out, and never again.
    assert signed_in.get(reverse("privacy:my_data")).status_code == 302
    assert not Client().login(email="camille@lehavre.fr", password=DEFAULT_PASSWORD)
    login = Client().post(
        reverse("account_login"), {"login": "camille@lehavre.fr", "password": DEFAULT_PASSWORD}
    )
    assert "_auth_user_id" not in login.wsgi_request.session
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_ANONYMISED)
    assert (event.actor, event.target, event.changes) == (person, person, {"reason": "request"})


def test_what_they_wrote_stays_under_the_anonymised_label(client, signed_in, person):
    contributions = contribute(person, label="de Camille")

    signed_in.post(URL, {"email": "camille@lehavre.fr"})

    coach = contributions.programme.coach
    client.force_login(coach)
    page = client.get(
        reverse("investigations:investigation_detail", args=[contributions.investigation.pk])
    )
    assertContains(page, "<li>Personne anonymisée</li>", html=True)  # the team
    assertContains(page, "<strong>Personne anonymisée</strong>", html=True)  # a comment
    assertContains(page, "Commentaire de Camille")
    assertNotContains(page, "Camille Lefèvre-Quintanar")
    assertNotContains(page, "Lefèvre-Quintanar")
    pk = contributions.investigation.pk
    conclusion = client.get(reverse("investigations:conclusion", args=[pk]))
    assertContains(conclusion, "Rédigée par\n  Personne anonymisée, mise à jour le")
    board = client.get(reverse("investigations:hypothesis_board", args=[pk]))
    assertContains(board, "— Personne anonymisée")
    assertNotContains(board, "anonyme.invalid")
    selection = client.get(
        reverse("intrapreneurs:selection_list", args=[contributions.programme.slug])
    )
    assertContains(selection, "<td>Personne anonymisée</td>", html=True)
    assertNotContains(selection, "Lefèvre-Quintanar")


def test_the_last_admin_cannot_delete_their_account(client):
    admin = UserFactory(admin=True)
    client.force_login(admin)

    page = client.get(URL)
    assertContains(page, "dernier compte d’administrateur actif")
    assertNotContains(page, 'name="email"')

    response = client.post(URL, {"email": admin.email})

    assertContains(response, "dernier compte d’administrateur actif")
    admin.refresh_from_db()
    assert admin.is_active and admin.is_staff and admin.anonymised_at is None


def test_an_admin_among_others_can(client):
    UserFactory(admin=True)
    admin = UserFactory(admin=True)
    client.force_login(admin)

    client.post(URL, {"email": admin.email})

    admin.refresh_from_db()
    assert admin.anonymised_at is not None
    assert not admin.is_staff
    assert get_user_model().objects.filter(is_staff=True, is_active=True).count() == 1


def test_a_post_without_the_csrf_token_is_refused(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = client.post(URL, {"email": "camille@lehavre.fr"})

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None
