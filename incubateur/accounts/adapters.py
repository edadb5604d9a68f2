import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class ProConnectSocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state: dict) -> str:
        # ProConnect refuses a state shorter than 32 characters (allauth's is 16).
        return secrets.token_urlsafe(32)

    def pre_social_login(self, request, sociallogin):
        """A ProConnect login proves its address: other accounts' unverified claims on it
        are dropped, so that they neither block the owner's sign-up nor link to it later."""
        super().pre_social_login(request, sociallogin)
        for address in sociallogin.email_addresses:
            if address.verified:
                claims = EmailAddress.objects.filter(email__iexact=address.email, verified=False)
                if sociallogin.user and sociallogin.user.pk:
                    claims = claims.exclude(user=sociallogin.user)
                claims.delete()

    def authenticate_by_email(self, sociallogin):
        """Sign a ProConnect user into the existing account that has *verified* the same
        address, never into one that merely typed it: allauth falls back to unverified
        addresses, which would let anyone add a colleague's address to their own account
        and receive that colleague's ProConnect login (and their collectivités)."""
        for address in sociallogin.email_addresses:
            if not address.verified or not self.can_authenticate_by_email(
                sociallogin, address.email
            ):
                continue
            owner = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if owner and owner.user.is_active:
                return owner.user, address.email
        return None
