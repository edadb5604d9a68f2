"""The filters of the public index of published problems."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from intrapreneurs.forms.themes import theme_filter_field
from programmes.models import Collectivity

INVALID_CHOICE = _("Cette valeur n’est pas proposée : choisissez-en une dans la liste.")


class PublicProblemFilterForm(DsfrBaseForm):
    """Every field is optional; an invalid value is reported next to its field and left
    out of the filtering."""

    theme = theme_filter_field()
    kind = forms.ChoiceField(
        label=_("Type de collectivité"),
        required=False,
        choices=[("", _("Tous les types")), *Collectivity.Kind.choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, error_messages={"invalid_choice": INVALID_CHOICE}
    )

    def __init__(self, *args, departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [
            ("", _("Tous les départements")),
            *[(code, code) for code in departements],
        ]

    def apply(self, fiches):
        self.is_valid()
        data = self.cleaned_data
        if data.get("theme"):
            fiches = fiches.filter(
                investigation__submission__in=data["theme"].submissions.values("pk")
            )
        if data.get("kind"):
            fiches = fiches.filter(sponsor__kind=data["kind"])
        if data.get("departement"):
            fiches = fiches.filter(sponsor__departement_code=data["departement"])
        return fiches
