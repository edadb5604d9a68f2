"""ProConnect, the state's single sign-on for public agents, as an allauth provider.

ProConnect is plain OpenID Connect with three differences that allauth's generic provider
does not handle: the userinfo endpoint answers a signed JWT (not JSON), `state` and `nonce`
must be at least 32 characters, and the surname comes as `usual_name`.
"""

import secrets

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_socialaccount_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

NONCE_SESSION_KEY = "proconnect_nonce"
SCOPE = ["openid", "given_name", "usual_name", "email", "siret", "idp_id"]


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def _verify(self, credential: str) -> dict:
        app = self.get_provider().app
        return jwtkit.verify_and_decode(
            credential=credential,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )

    def _fetch_user_info(self, access_token: str) -> dict:
        headers = {"Authorization": f"Bearer {access_token}"}
        with get_socialaccount_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
        if response.headers.get("Content-Type", "").startswith("application/jwt"):
            return self._verify(response.text.strip())
        return response.json()

    def _decode_id_token(self, app, id_token: str) -> dict:
        # Always check the signature and the nonce, even over a direct TLS exchange.
        data = self._verify(id_token)
        expected_nonce = self.request.session.pop(NONCE_SESSION_KEY, None)
        if not expected_nonce or data.get("nonce") != expected_nonce:
            raise OAuth2Error("Invalid nonce")
        return data


class ProConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = ProConnectOAuth2Adapter

    @classmethod
    def get_package(cls):
        # Reuse the generic provider's URLs and views.
        return OpenIDConnectProvider.get_package()

    def get_default_scope(self):
        return list(SCOPE)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        request.session[NONCE_SESSION_KEY] = nonce
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url=next_url, data=data, auth_params=auth_params, **kwargs
        )

    def extract_common_fields(self, data):
        userinfo = data.get("userinfo") or data.get("id_token") or data
        return {
            "email": userinfo.get("email"),
            "first_name": userinfo.get("given_name", ""),
            "last_name": userinfo.get("usual_name", ""),
        }


class ProConnectSocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state: dict) -> str:
        # ProConnect refuses a state shorter than 32 characters (allauth's is 16).
        return secrets.token_urlsafe(32)
