import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains


@pytest.mark.parametrize("url_name", ["landing", "account_login", "legal_notice"])
def test_every_page_footer_links_to_the_statement_with_the_conformance_status(client, url_name):
    response = client.get(reverse(url_name))
    assertContains(
        response,
        f'<a class="fr-footer__bottom-link" href="{reverse("accessibility")}">'
        "Accessibilité : partiellement conforme</a>",
        html=True,
    )


def test_statement_has_the_sections_public_services_must_publish(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration d’accessibilité",
        "Environnement de test",
        "Retour d’information et contact",
        "Voies de recours",
    ]:
        assertContains(response, heading)
    assertContains(response, "partiellement conforme")
    assertContains(response, "RGAA")
    assertContains(response, "Aucun audit de conformité n’a encore été réalisé")
    assertContains(response, "Cette déclaration a été établie le")
    assertContains(response, "Défenseur des droits")
    assertContains(response, 'href="mailto:investigations@incubateur.anct.gouv.fr"')
