import datetime
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from demo.seed import seed_demo
from incubateur.accounts.models import User
from incubateur.views import PAGE_SIZE
from programmes.models import Collectivity, Membership, Programme

ROUEN_SIREN = "217605401"


@pytest.fixture(scope="module")
def demo(module_db):
    """Seeded once for the module; what a test changes is rolled back after it."""
    seed_demo(today=datetime.date(2026, 11, 29))


def make_programme(slug, collectivity, **fields):
    programme = Programme.objects.create(
        name=f"Programme {slug}",
        slug=slug,
        call_opens_on=datetime.date(2026, 1, 5),
        call_closes_on=datetime.date(2026, 2, 5),
        investigation_starts_on=datetime.date(2026, 3, 5),
        status=Programme.Status.CALL_OPEN,
        **fields,
    )
    programme.collectivities.add(collectivity)
    return programme


@pytest.fixture
def rouen_programme():
    rouen = Collectivity.objects.create(
        name="Ville de Rouen", kind=Collectivity.Kind.COMMUNE, siren=ROUEN_SIREN
    )
    return make_programme("rouen-2026", rouen)


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("home"))

    assertRedirects(response, f"{reverse('account_login')}?next={reverse('home')}")


@pytest.mark.parametrize(
    "email",
    [
        "admin@anct.gouv.fr",
        "coach@anct.gouv.fr",
        "designer@anct.gouv.fr",
        "referent@lehavre.fr",
        "referente@lehavreseinemetropole.fr",
        "agent@lehavre.fr",
        "intrapreneur@lehavre.fr",
    ],
)
def test_every_demo_user_sees_the_le_havre_programme(client, demo, email):
    client.force_login(User.objects.get(email=email))

    # The ANCT team's home is their dashboard, which lists the programmes they follow.
    response = client.get(reverse("home"), follow=True)

    assertContains(response, "Programme d’investigations du Havre — première vague")
    assertContains(response, "Programme d’investigations du Havre — deuxième vague")
    assertContains(response, "Le Havre Seine Métropole, Ville du Havre")


def test_admins_see_every_programme_and_the_admin_link(client, demo, rouen_programme):
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    response = client.get(reverse("home"))

    assertContains(response, "Tous les programmes")
    assertContains(response, rouen_programme.name)
    assertContains(response, reverse("admin:index"))


def test_the_anct_team_lands_on_their_dashboard(client, demo):
    client.force_login(User.objects.get(email="coach@anct.gouv.fr"))

    response = client.get(reverse("home"))

    assertRedirects(response, reverse("investigations:dashboard"))


def test_the_anct_team_sees_only_the_programmes_they_follow(client, demo, rouen_programme):
    client.force_login(User.objects.get(email="coach@anct.gouv.fr"))

    response = client.get(reverse("home"), follow=True)

    assertContains(response, "Les programmes que vous suivez")
    assertNotContains(response, rouen_programme.name)
    assertNotContains(response, reverse("admin:index"))


def test_agents_see_only_their_collectivity_programmes(client, demo, rouen_programme):
    client.force_login(User.objects.get(email="agent@lehavre.fr"))

    response = client.get(reverse("home"))

    assertContains(response, "Les programmes de votre collectivité")
    assertNotContains(response, rouen_programme.name)


def test_members_do_not_see_draft_programmes(client, demo):
    Programme.objects.update(status=Programme.Status.DRAFT)
    client.force_login(User.objects.get(email="agent@lehavre.fr"))

    response = client.get(reverse("home"))

    assertContains(response, "Aucun programme pour le moment.")


def test_a_user_without_any_role_gets_an_explanation(client):
    client.force_login(User.objects.create_user("curieux@example.org", "x"))

    response = client.get(reverse("home"))

    assertContains(response, "Votre compte n’est rattaché à aucune collectivité")
    assertNotContains(response, "<table")


def test_the_landing_page_sends_members_to_their_home(client, demo):
    client.force_login(User.objects.get(email="agent@lehavre.fr"))

    response = client.get(reverse("landing"))

    assertRedirects(response, reverse("home"))


def test_the_home_page_runs_a_fixed_number_of_queries(client, demo, django_assert_num_queries):
    admin = User.objects.get(email="admin@anct.gouv.fr")
    client.force_login(admin)

    def count_queries():
        # session, user; roles: memberships, followed programmes, team memberships;
        # per-programme access: memberships; the programmes' count (pagination), the page
        # of programmes, their collectivités (an admin's home lists no investigations)
        with django_assert_num_queries(9):
            response = client.get(reverse("home"))
        assert response.status_code == 200

    count_queries()
    # More than a page: the admin's home stays one page long.
    for index in range(PAGE_SIZE + 5):
        collectivity = Collectivity.objects.create(
            name=f"Commune {index}", kind=Collectivity.Kind.COMMUNE, siren=luhn_siren(index)
        )
        Membership.objects.create(user=admin, collectivity=collectivity)
        make_programme(f"programme-{index}", collectivity)
    count_queries()


def luhn_siren(seed: int) -> str:
    """A valid SIREN built from a seed: eight digits and the Luhn check digit."""
    from programmes.validators import luhn_is_valid

    body = f"{seed + 10_000_000:08d}"
    return next(body + str(d) for d in range(10) if luhn_is_valid(body + str(d)))


def many_programmes(count: int) -> list[Programme]:
    collectivity = Collectivity.objects.create(
        name="Commune nombreuse", kind=Collectivity.Kind.COMMUNE, siren=luhn_siren(999)
    )
    return [make_programme(f"programme-{index:03d}", collectivity) for index in range(count)]


def test_the_admins_home_lists_the_programmes_a_page_at_a_time(client, demo):
    many_programmes(PAGE_SIZE + 5)
    total = Programme.objects.count()
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    first = client.get(reverse("home"))
    second = client.get(reverse("home"), {"page": 2})

    assert len(first.context["programme_rows"]) == PAGE_SIZE
    assert len(second.context["programme_rows"]) == total - PAGE_SIZE
    assertContains(first, f"{total} programmes")
    assertContains(first, 'href="?page=2"')
    shown = {row["programme"].pk for row in first.context["programme_rows"]}
    shown |= {row["programme"].pk for row in second.context["programme_rows"]}
    assert shown == set(Programme.objects.values_list("pk", flat=True))


def test_the_pagination_stays_short_however_many_pages(client, demo, monkeypatch):
    monkeypatch.setattr("incubateur.views.PAGE_SIZE", 2)
    many_programmes(40)
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    response = client.get(reverse("home"), {"page": 10})

    link = r'class="fr-pagination__link" href="\?page=(\d+)"'
    pages = re.findall(link, response.content.decode())
    # the first and last pages, two on each side of the tenth, and two ellipses
    assert pages == ["1", "8", "9", "10", "11", "12", "21"]
    assertContains(response, "…", count=2)


def test_admins_find_a_programme_by_its_name(client, demo, rouen_programme):
    many_programmes(PAGE_SIZE + 5)
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    response = client.get(reverse("home"), {"q": "rouen"})

    assert [row["programme"] for row in response.context["programme_rows"]] == [rouen_programme]
    assertContains(response, 'value="rouen"')
    response = client.get(reverse("home"), {"q": "introuvable"})
    assertContains(response, "Aucun programme ne correspond à cette recherche.")


def test_a_too_long_search_is_reported_and_ignored(client, demo):
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    response = client.get(reverse("home"), {"q": "x" * 201})

    assert response.status_code == 200
    assert response.context["search"].errors["q"]
    assert len(response.context["programme_rows"]) == Programme.objects.count()


def test_an_htmx_request_gets_only_the_admins_programme_list(client, demo):
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))

    response = client.get(reverse("home"), {"page": 1}, headers={"HX-Request": "true"})

    assertContains(response, "Voir le programme")
    assertNotContains(response, "<h1>")
    assert "HX-Request" in response["Vary"]


def test_the_admins_list_is_kept_until_a_programme_changes(client, demo, django_assert_num_queries):
    client.force_login(User.objects.get(email="admin@anct.gouv.fr"))
    client.get(reverse("home"))

    # From the cache: session, user and roles (3) only.
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assertNotContains(response, "Programme nouveau")
    make_programme("nouveau", Collectivity.objects.first())
    assertContains(client.get(reverse("home")), "Programme nouveau")
