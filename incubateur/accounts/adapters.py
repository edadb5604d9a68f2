import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """allauth's, in our words. programmes.accounts extends it with invitations (the
    adapter settings.ACCOUNT_ADAPTER names)."""

    # allauth's French names the address otherwise than our glossary does.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "cannot_remove_primary_email": _(
            "Vous ne pouvez pas retirer votre adresse électronique principale."
        ),
        "duplicate_email": _("Cette adresse électronique est déjà associée à votre compte."),
        "email_password_mismatch": _("L’adresse électronique ou le mot de passe est incorrect."),
        "email_taken": _("Un compte existe déjà avec cette adresse électronique."),
        "max_email_addresses": _("Vous ne pouvez pas ajouter plus de %d adresses électroniques."),
        "unknown_email": _("Cette adresse électronique ne correspond à aucun compte."),
        "unverified_primary_email": _("Votre adresse électronique principale doit être vérifiée."),
    }


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

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        """Without a first and last name among its claims, the new account goes through
        the sign-up form, prefilled with what ProConnect gave, to complete them."""
        user = sociallogin.user
        if not (user.first_name.strip() and user.last_name.strip()):
            return False
        return super().is_auto_signup_allowed(request, sociallogin)
