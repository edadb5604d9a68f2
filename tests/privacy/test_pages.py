"""The public page « Données personnelles » and the signed-in « Mes données personnelles »."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.accounts.html_outline import PageOutline


@pytest.mark.parametrize("url_name", ["landing", "account_login", "legal_notice"])
def test_every_page_footer_links_to_the_privacy_page(client, url_name):
    response = client.get(reverse(url_name))

    assertContains(
        response,
        f'<a class="fr-footer__bottom-link" href="{reverse("privacy")}">Données personnelles</a>',
        html=True,
    )


def test_the_privacy_page_says_who_why_what_to_whom_how_long_and_how_to_act(client):
    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    for heading in [
        "Responsable du traitement",
        "Finalités",
        "Base légale",
        "Données traitées",
        "Destinataires",
        "Durée de conservation",
        "Vos droits",
        "Réclamation auprès de la CNIL",
    ]:
        assertContains(response, f"{heading}</h2>")
    assertContains(response, "Agence nationale de la cohésion des territoires (ANCT)")
    assertContains(response, "mission d’intérêt public")
    assertContains(response, f'href="{reverse("privacy:my_data")}"')
    assertContains(response, "https://www.cnil.fr/")
    assertContains(response, 'href="mailto:investigations@incubateur.anct.gouv.fr"')
    assert PageOutline(response.content.decode()).h1_count == 1


def test_the_privacy_page_states_the_configured_retention(client, settings):
    assertContains(client.get(reverse("privacy")), "sans connexion depuis 3 ans")
    assertContains(client.get(reverse("privacy")), "par courriel 30 jours avant")

    settings.RGPD_INACTIVITY_DAYS = 730
    settings.RGPD_WARNING_DAYS = 14

    assertContains(client.get(reverse("privacy")), "sans connexion depuis 2 ans")
    assertContains(client.get(reverse("privacy")), "par courriel 14 jours avant")


def test_my_data_needs_a_login(client):
    response = client.get(reverse("privacy:my_data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_data_offers_the_download_and_the_deletion(client, person):
    client.force_login(person)

    response = client.get(reverse("privacy:my_data"))

    assertContains(response, "<h1>Mes données personnelles</h1>", html=True)
    assertContains(response, f'href="{reverse("privacy:download")}"')
    assertContains(response, f'href="{reverse("privacy:delete_account")}"')
    assertContains(response, 'aria-current="page">Mes données personnelles</a>')
    assert PageOutline(response.content.decode()).h1_count == 1


# "Mon compte" in the header leads to these pages; their side menu lists "Mes données".
@pytest.mark.parametrize("url_name", ["account_email", "notifications:preferences"])
def test_the_account_menus_lead_to_my_data(client, person, url_name):
    client.force_login(person)

    response = client.get(reverse(url_name))

    assertContains(response, f'href="{reverse("privacy:my_data")}"')
