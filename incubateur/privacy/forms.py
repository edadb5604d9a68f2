from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class AccountDeletionForm(DsfrBaseForm):
    """The person types their own address: deleting an account takes a deliberate act."""

    email = forms.EmailField(
        label=_("Pour confirmer, saisissez l’adresse électronique de votre compte"),
        max_length=254,
        help_text=_("Par exemple : prenom.nom@collectivite.fr"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("Cette adresse n’est pas celle de votre compte : rien n’a été supprimé.")
            )
        return email
