import secrets

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class ProConnectSocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state: dict) -> str:
        # ProConnect refuses a state shorter than 32 characters (allauth's is 16).
        return secrets.token_urlsafe(32)
