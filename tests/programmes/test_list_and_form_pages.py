"""The collectivités and programmes pages share one list page and one object form page
(templates/layouts/): each keeps its own title, breadcrumb, heading, table and fields."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import UserFactory
from tests.programmes.factories import CollectivityFactory, ProgrammeFactory

BREADCRUMB_CURRENT = '<a class="fr-breadcrumb__link" aria-current="page">{}</a>'
BREADCRUMB_LINK = '<a class="fr-breadcrumb__link" href="{}">{}</a>'
CANCEL = '<a class="fr-btn fr-btn--secondary" href="{}">Annuler</a>'


@pytest.fixture
def admin(client):
    user = UserFactory(admin=True)
    client.force_login(user)
    return user


# List pages

LISTS = {
    "collectivités": {
        "url": "programmes:collectivity_list",
        "create_url": "programmes:collectivity_create",
        "heading": "Collectivités",
        "create": "Nouvelle collectivité",
        "columns": ["Nom", "Type", "SIREN", "Département", "Domaines de messagerie", "Membres"],
        "empty": "Aucune collectivité pour le moment.",
        "make": lambda: CollectivityFactory(name="Ville de Fécamp"),
        "row": "Ville de Fécamp",
    },
    "programmes": {
        "url": "programmes:programme_list",
        "create_url": "programmes:programme_create",
        "heading": "Programmes",
        "create": "Nouveau programme",
        "columns": ["Programme", "Collectivités", "Statut", "Appel", "Investigations"],
        "empty": "Aucun programme pour le moment.",
        "make": lambda: ProgrammeFactory(name="Programme de Fécamp"),
        "row": "Programme de Fécamp",
    },
}


@pytest.mark.parametrize("page", LISTS.values(), ids=LISTS.keys())
def test_a_list_page_names_itself_and_heads_its_table(client, admin, page):
    page["make"]()

    response = client.get(reverse(page["url"]))

    heading = page["heading"]
    assertContains(response, f"<title>{heading} — ")
    assertContains(response, BREADCRUMB_CURRENT.format(heading), html=True)
    assertContains(response, f'<h1 class="fr-mb-0">{heading}</h1>', html=True)
    assertContains(response, f"<caption>{heading}</caption>", html=True)
    for column in page["columns"]:
        assertContains(response, f'<th scope="col">{column}</th>', html=True)
    assertContains(response, page["row"])
    create_url = reverse(page["create_url"])
    assertContains(
        response,
        f'<a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="{create_url}">'
        f"{page['create']}</a>",
        html=True,
    )
    assertNotContains(response, page["empty"])


@pytest.mark.parametrize("page", LISTS.values(), ids=LISTS.keys())
def test_an_empty_list_page_says_so_instead_of_an_empty_table(client, admin, page):
    response = client.get(reverse(page["url"]))

    assertContains(response, f"<p>{page['empty']}</p>", html=True)
    assertNotContains(response, "<table")


# Object form pages


@pytest.fixture
def programme():
    fecamp = CollectivityFactory(name="Ville de Fécamp")
    return ProgrammeFactory(draft=True, name="Programme de Fécamp", collectivities=[fecamp])


FORMS = {
    "collectivité": {
        "create_url": "programmes:collectivity_create",
        "list_url": "programmes:collectivity_list",
        "list": "Collectivités",
        "new": "Nouvelle collectivité",
        "legends": ["Identité", "Domaines de messagerie"],
        "update_url": "programmes:collectivity_update",
        "detail_url": "programmes:collectivity_detail",
        "key": lambda programme: programme.collectivities.get().pk,
        "name": "Ville de Fécamp",
    },
    "programme": {
        "create_url": "programmes:programme_create",
        "list_url": "programmes:programme_list",
        "list": "Programmes",
        "new": "Nouveau programme",
        "legends": ["Le programme", "Le calendrier", "L’équipe de l’ANCT"],
        "update_url": "programmes:programme_update",
        "detail_url": "programmes:programme_detail",
        "key": lambda programme: programme.slug,
        "name": "Programme de Fécamp",
    },
}


@pytest.mark.parametrize("page", FORMS.values(), ids=FORMS.keys())
def test_a_new_object_page_is_named_and_leads_back_to_the_list(client, admin, page):
    response = client.get(reverse(page["create_url"]))

    list_url = reverse(page["list_url"])
    assertContains(response, f"<title>{page['new']} — ")
    assertContains(response, BREADCRUMB_LINK.format(list_url, page["list"]), html=True)
    assertContains(response, BREADCRUMB_CURRENT.format(page["new"]), html=True)
    assertContains(response, f"<h1>{page['new']}</h1>", html=True)
    for legend in page["legends"]:
        assertContains(response, f'<h2 class="fr-h4 fr-mb-1w">{legend}</h2>', html=True)
    assertContains(response, '<button class="fr-btn" type="submit">Enregistrer</button>', html=True)
    assertContains(response, CANCEL.format(list_url), html=True)
    assertNotContains(response, "Modification concurrente")


@pytest.mark.parametrize("page", FORMS.values(), ids=FORMS.keys())
def test_an_edit_page_leads_back_to_its_object(client, admin, programme, page):
    key = page["key"](programme)

    response = client.get(reverse(page["update_url"], args=[key]))

    name, detail_url = page["name"], reverse(page["detail_url"], args=[key])
    assertContains(response, f"<title>Modifier {name} — ")
    assertContains(response, BREADCRUMB_LINK.format(detail_url, name), html=True)
    assertContains(response, BREADCRUMB_CURRENT.format("Modifier"), html=True)
    assertContains(response, f"<h1>Modifier {name}</h1>", html=True)
    assertContains(response, CANCEL.format(detail_url), html=True)


@pytest.mark.parametrize("page", FORMS.values(), ids=FORMS.keys())
def test_a_refused_object_says_error_in_the_title(client, admin, page):
    response = client.post(reverse(page["create_url"]), {"name": ""})

    assertContains(response, f"<title>Erreur : {page['new']} — ")
    assertContains(response, f"<h1>{page['new']}</h1>", html=True)
