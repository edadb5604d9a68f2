"""Join collectivités when someone proves who they work for: a verified email address on
one of its domains, or a ProConnect login carrying its SIRET."""

from allauth.account.signals import email_confirmed, user_logged_in
from django.dispatch import receiver

from programmes import services

# `provider_id` of the ProConnect app in SOCIALACCOUNT_PROVIDERS (an openid_connect app).
PROCONNECT_PROVIDER_ID = "proconnect"


@receiver(email_confirmed, dispatch_uid="programmes_join_on_email_confirmed")
def join_on_email_confirmed(sender, request, email_address, **kwargs):
    services.membership_join_by_email(user=email_address.user)


@receiver(user_logged_in, dispatch_uid="programmes_join_on_proconnect_login")
def join_on_proconnect_login(sender, request, user, sociallogin=None, **kwargs):
    if sociallogin is None or sociallogin.account.provider != PROCONNECT_PROVIDER_ID:
        return
    # ProConnect verifies the email addresses it sends (VERIFIED_EMAIL in the settings).
    services.membership_join_by_email(user=user)
    # allauth stores OpenID Connect claims as {"userinfo": {...}, "id_token": {...}}.
    userinfo = (sociallogin.account.extra_data or {}).get("userinfo") or {}
    siret = userinfo.get("siret")
    if siret:
        services.membership_join_by_siret(user=user, siret=str(siret))
