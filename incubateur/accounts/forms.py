from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.accounts.models import User


class NameSignupForm(forms.Form):
    """The name every new account gives: allauth's sign-up forms (password and ProConnect)
    derive from this class (ACCOUNT_SIGNUP_FORM_CLASS), and allauth's adapter copies
    `first_name` and `last_name` onto the user. ProConnect's claims prefill them."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=User._meta.get_field("first_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=User._meta.get_field("last_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        """Required by allauth; the adapter has already saved the names."""


class ProfileForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]
        labels = {"first_name": _("Prénom"), "last_name": _("Nom")}
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows blank names (accounts created before names were asked); from
        # now on, whoever edits their profile keeps a name.
        for field in self.fields.values():
            field.required = True
