from django.template.loader import render_to_string
from django.test import Client
from pytest_django.asserts import assertContains, assertTemplateUsed


def test_an_unknown_page_answers_a_french_404_in_our_layout(client):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assertContains(response, "Page introuvable", status_code=404)
    assertContains(response, "fr-header", status_code=404)


def test_the_500_page_needs_no_request_context():
    html = render_to_string("500.html")

    assert "Erreur inattendue" in html
    assert "dsfr.min.css" in html


def test_a_server_error_shows_the_french_500_page(settings):
    settings.ROOT_URLCONF = "tests.incubateur.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/casse/")

    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
