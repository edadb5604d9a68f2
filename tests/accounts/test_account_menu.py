from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import UserFactory


def test_the_account_menu_leads_to_the_email_preferences(client):
    client.force_login(UserFactory())

    response = client.get(reverse("account_email"))

    assertContains(response, reverse("notifications:preferences"))
    assertContains(response, "Préférences de courriels")
