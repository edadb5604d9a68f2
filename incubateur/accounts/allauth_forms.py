"""allauth's forms with our words: the address field is the « Adresse électronique »
(incubateur/glossary.py), where allauth says « Email » and Django translates « Courriel ».

A module of its own: allauth's forms module imports ACCOUNT_SIGNUP_FORM_CLASS's module
(incubateur.accounts.forms) while it loads, so that one must not import allauth's forms.
"""

from allauth.account import forms as account_forms
from allauth.account.models import EmailAddress
from allauth.socialaccount import forms as social_forms

from incubateur import glossary


class _AddressLabel:
    address_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.address_field in self.fields:
            self.fields[self.address_field].label = glossary.EMAIL_ADDRESS


class LoginForm(_AddressLabel, account_forms.LoginForm):
    address_field = "login"


class SignupForm(_AddressLabel, account_forms.SignupForm):
    def validate_unique_email(self, value):
        """An address another account merely typed as a secondary address, and never
        confirmed, gives way to the person signing up with it (who must confirm it in
        turn): otherwise anyone could keep a colleague from signing up, invitation in
        hand, by typing their address first."""
        EmailAddress.objects.filter(email__iexact=value, verified=False, primary=False).delete()
        return super().validate_unique_email(value)


class SocialSignupForm(_AddressLabel, social_forms.SignupForm):
    pass


class ResetPasswordForm(_AddressLabel, account_forms.ResetPasswordForm):
    pass


class AddEmailForm(_AddressLabel, account_forms.AddEmailForm):
    pass
