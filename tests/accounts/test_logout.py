from django.contrib.auth import get_user
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import UserFactory


def test_logout_signs_out_and_returns_to_the_landing_page(client):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assertRedirects(response, reverse("landing"), fetch_redirect_response=False)
    assert not get_user(client).is_authenticated


def test_logout_page_asks_before_signing_out(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("account_logout"))

    assertContains(response, f'<form method="post" action="{reverse("account_logout")}">')
    assert get_user(client) == user
