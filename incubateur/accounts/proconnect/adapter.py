"""ProConnect's OAuth2 adapter: checks the signed id_token, its nonce and the signed userinfo."""

from allauth.socialaccount.adapter import get_adapter as get_socialaccount_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter

NONCE_SESSION_KEY = "proconnect_nonce"


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        id_token = self._decode_id_token(app, kwargs["response"].get("id_token"))
        userinfo = self._fetch_user_info(token.token)
        # OpenID Connect Core 5.3.4: the userinfo must be about the id_token's subject.
        if userinfo.get("sub") != id_token["sub"]:
            raise OAuth2Error("Userinfo subject does not match the id_token")
        data = {"userinfo": userinfo, "id_token": id_token}
        return self.get_provider().sociallogin_from_response(request, data)

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
        # Only a signed answer is trusted: ProConnect always signs its userinfo.
        if not response.headers.get("Content-Type", "").startswith("application/jwt"):
            raise OAuth2Error("Userinfo is not a signed JWT")
        return self._verify(response.text.strip())

    def _decode_id_token(self, app, id_token: str | None) -> dict:
        # The nonce is single use, whatever the outcome.
        expected_nonce = self.request.session.pop(NONCE_SESSION_KEY, None)
        if not id_token:
            raise OAuth2Error("Missing id_token")
        # Always check the signature and the nonce, even over a direct TLS exchange.
        data = self._verify(id_token)
        if not expected_nonce or data.get("nonce") != expected_nonce:
            raise OAuth2Error("Invalid nonce")
        return data
