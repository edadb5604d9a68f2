from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value):
        """An address another account merely typed as a secondary address, and never
        confirmed, gives way to the person signing up with it (who must confirm it in
        turn): otherwise anyone could keep a colleague from signing up, invitation in
        hand, by typing their address first."""
        EmailAddress.objects.filter(email__iexact=value, verified=False, primary=False).delete()
        return super().validate_unique_email(value)
