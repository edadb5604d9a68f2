from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.accounts.html_outline import PageOutline
from tests.factories import UserFactory
from tests.programmes.factories import MembershipFactory

PROFILE_URL = reverse("accounts:profile")


def test_the_account_menu_opens_on_the_profile(client):
    user = UserFactory(first_name="", last_name="")
    client.force_login(user)

    response = client.get(reverse("home"), follow=True)

    assertContains(response, f'href="{PROFILE_URL}"')
    profile = client.get(PROFILE_URL)
    assertContains(profile, "Mon profil")
    assertContains(profile, 'aria-current="page">Mon profil</a>')


def test_a_person_sets_their_name_and_is_greeted_by_it(client):
    user = UserFactory(first_name="", last_name="", email="paul.nouveau@lehavre.fr")
    client.force_login(user)

    page = client.post(PROFILE_URL, {"first_name": "Paul", "last_name": "Nouveau"}, follow=True)

    assert page.redirect_chain == [(PROFILE_URL, 302)]
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Paul", "Nouveau")
    assertContains(page, "Votre nom est enregistré.")
    assertContains(page, 'id="utilisateur-connecte">Paul Nouveau</span>')


def test_a_blank_or_too_long_name_is_refused_and_the_input_kept(client):
    user = UserFactory(first_name="Paul", last_name="Nouveau")
    client.force_login(user)

    response = client.post(PROFILE_URL, {"first_name": "  ", "last_name": "N" * 151})

    assert response.status_code == 200
    page = PageOutline(response.content.decode())
    assert "Ce champ est obligatoire." in page.description_of("id_first_name")
    assert "151" in page.description_of("id_last_name")
    assertContains(response, "N" * 151)
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Paul", "Nouveau")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(PROFILE_URL)

    assertRedirects(
        response, f"{reverse('account_login')}?next={PROFILE_URL}", fetch_redirect_response=False
    )


def test_home_asks_an_account_without_a_name_to_give_one(client):
    user = UserFactory(first_name="", last_name="", email="paul.nouveau@lehavre.fr")
    MembershipFactory(user=user)
    client.force_login(user)

    response = client.get(reverse("home"))

    assertContains(response, "<h1>Bonjour</h1>", html=False)
    assertNotContains(response, "Bonjour paul.nouveau@lehavre.fr")
    assertContains(response, f'<a href="{PROFILE_URL}">Indiquer mon nom</a>')

    user.first_name, user.last_name = "Paul", "Nouveau"
    user.save()
    response = client.get(reverse("home"))
    assertContains(response, "<h1>Bonjour Paul</h1>")
    assertNotContains(response, "Indiquer mon nom")
