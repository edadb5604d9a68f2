import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from incubateur.accounts.proconnect.adapter import NONCE_SESSION_KEY, ProConnectOAuth2Adapter

SCOPE = ["openid", "given_name", "usual_name", "email", "siret", "idp_id"]


class ProConnectProvider(OpenIDConnectProvider):
    oauth2_adapter_class = ProConnectOAuth2Adapter

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
