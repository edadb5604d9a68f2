"""The themes of a submission, as the selection committee corrects them."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.forms import ModelMultipleChoiceField
from intrapreneurs.models import Theme

UNKNOWN_THEME = _("Cette thématique n’existe pas : choisissez-en une dans la liste.")


class ThemesForm(DsfrBaseForm):
    themes = ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN_THEME, "invalid_pk_value": UNKNOWN_THEME},
    )


def theme_filter_field() -> forms.ModelChoiceField:
    """One theme to filter a list by, named by its slug in the URL."""
    return forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes les thématiques"),
        error_messages={"invalid_choice": UNKNOWN_THEME},
    )
