from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.contrib.auth import get_user
from django.urls import reverse

from incubateur.accounts.models import User
from tests.accounts.fake_oidc import (
    ALTERED_PAYLOAD,
    CLIENT_ID,
    FOREIGN_KEY,
    Agent,
    sign_in_with_proconnect,
)

LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": "proconnect"})
CALLBACK_URL = reverse("openid_connect_callback", kwargs={"provider_id": "proconnect"})
ERROR_TEMPLATE = "socialaccount/authentication_error.html"


def refusal(response) -> OAuth2Error:
    """Check nobody got in; return why allauth's error page says the login failed."""
    assert response.status_code == 401
    assert ERROR_TEMPLATE in [template.name for template in response.templates]
    assert not get_user(response.client).is_authenticated
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    exception = response.context["auth_error"]["exception"]
    assert isinstance(exception, OAuth2Error)
    return exception


def test_login_redirects_to_proconnect_with_pkce_and_its_scopes(client, proconnect):
    response = client.post(LOGIN_URL)

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{proconnect.url}/authorize"
    query = {name: values[-1] for name, values in parse_qs(url.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == f"https://testserver{CALLBACK_URL}"
    assert {"openid", "given_name", "usual_name", "email", "siret", "idp_id"} <= set(
        query["scope"].split()
    )
    assert query["code_challenge"]
    assert query["code_challenge_method"] == "S256"


def test_state_and_nonce_are_at_least_32_characters(client, proconnect):
    for _ in range(2):
        proconnect.authorize(client.post(LOGIN_URL)["Location"], Agent())

    first, second = proconnect.authorization_requests
    for query in (first, second):
        assert len(query["state"]) >= 32
        assert len(query["nonce"]) >= 32
    assert first["state"] != second["state"]
    assert first["nonce"] != second["nonce"]


def test_new_agent_gets_an_account_and_lands_on_home(client, proconnect):
    agent = Agent()

    response = sign_in_with_proconnect(client, proconnect, agent)

    assert response.status_code == 302
    assert response.url == reverse("home")
    user = User.objects.get()
    assert get_user(client) == user
    assert user.email == "camille.martin@lehavre.fr"
    assert user.first_name == "Camille"
    assert user.last_name == "Martin"
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "proconnect"
    assert account.uid == agent.sub
    assert account.extra_data["userinfo"]["siret"] == "21760351300011"
    assert EmailAddress.objects.filter(
        user=user, email="camille.martin@lehavre.fr", verified=True, primary=True
    ).exists()


def test_returning_agent_logs_into_the_same_account_even_with_a_new_email(client, proconnect):
    assert sign_in_with_proconnect(client, proconnect, Agent()).url == reverse("home")
    user = User.objects.get()
    client.logout()

    response = sign_in_with_proconnect(client, proconnect, Agent(email="c.martin@agglo-lehavre.fr"))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert get_user(client) == user
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == user


def test_agent_with_a_password_account_gets_proconnect_connected_to_it(client, proconnect):
    user = User.objects.create_user("camille.martin@lehavre.fr", "un mot de passe solide")
    EmailAddress.objects.create(
        user=user, email="camille.martin@lehavre.fr", verified=True, primary=True
    )

    sign_in_with_proconnect(client, proconnect, Agent())

    assert get_user(client) == user
    assert User.objects.count() == 1
    assert SocialAccount.objects.get().user == user


@pytest.mark.parametrize("tampering", [FOREIGN_KEY, ALTERED_PAYLOAD])
def test_tampered_userinfo_is_refused(client, proconnect, tampering):
    proconnect.tampered_userinfo = tampering

    reason = refusal(sign_in_with_proconnect(client, proconnect, Agent()))

    assert isinstance(reason.__cause__, jwt.InvalidSignatureError)


@pytest.mark.parametrize("tampering", [FOREIGN_KEY, ALTERED_PAYLOAD])
def test_tampered_id_token_is_refused(client, proconnect, tampering):
    proconnect.tampered_id_token = tampering

    reason = refusal(sign_in_with_proconnect(client, proconnect, Agent()))

    assert isinstance(reason.__cause__, jwt.InvalidSignatureError)


def test_id_token_with_another_nonce_is_refused(client, proconnect):
    reason = refusal(sign_in_with_proconnect(client, proconnect, Agent(), nonce="n" * 43))

    assert str(reason) == "Invalid nonce"


def test_userinfo_about_another_agent_is_refused(client, proconnect):
    intruder = Agent(sub="d41d8cd9-8f00-4b20-9e98-00998ecf8427", email="intrus@example.com")

    reason = refusal(sign_in_with_proconnect(client, proconnect, Agent(), userinfo_agent=intruder))

    assert str(reason) == "Userinfo subject does not match the id_token"


def test_login_page_hides_proconnect_when_it_is_not_configured(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert LOGIN_URL not in response.content.decode()


def test_login_page_offers_proconnect_when_it_is_configured(client, proconnect):
    response = client.get(reverse("account_login"))

    assert LOGIN_URL in response.content.decode()


def test_agent_without_a_surname_completes_the_prefilled_signup_form(client, proconnect):
    response = sign_in_with_proconnect(client, proconnect, Agent(usual_name=""))

    assert response.status_code == 302
    assert response.url == reverse("socialaccount_signup")
    assert not User.objects.exists()
    form = client.get(response.url)
    assert form.context["form"]["first_name"].value() == "Camille"
    assert form.context["form"]["email"].value() == "camille.martin@lehavre.fr"
    assert 'value="Camille"' in form.content.decode()

    done = client.post(
        response.url,
        {"email": "camille.martin@lehavre.fr", "first_name": "Camille", "last_name": "Martin"},
    )

    assert done.status_code == 302
    user = User.objects.get()
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert get_user(client) == user
