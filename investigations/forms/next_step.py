"""The next step of a committee decision: one form per decision, on the same record."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from investigations.models import NextStep
from investigations.models.next_step import TEXT_LENGTH

FIELDS = {
    "abandon": ["abandon_why", "abandon_learnings", "abandon_changes"],
    "continue_outside": ["elsewhere_kind", "elsewhere_name", "elsewhere_url"],
    "build": [
        "product_context",
        "product_solution",
        "product_strategy",
        "product_impact_objective",
    ],
}


def next_step_form_class(decision: str):
    """The ModelForm of `decision`'s fields, all required (abandon, continue, build)."""

    class NextStepForm(DsfrBaseForm, forms.ModelForm):
        version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        class Meta:
            model = NextStep
            fields = FIELDS[decision]
            widgets = {
                name: forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_LENGTH})
                for name in FIELDS[decision]
                if name not in {"elsewhere_kind", "elsewhere_name", "elsewhere_url"}
            }
            error_messages = {
                "elsewhere_url": {"invalid": _("Saisissez une adresse web complète (https://…).")}
            }

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if field is not self.fields["version"]:
                    field.required = True
                    field.error_messages["required"] = _("Ce champ est obligatoire.")
            self.fields["version"].initial = self.instance.version

    return NextStepForm


class PivotForm(DsfrBaseForm):
    programme = forms.ModelChoiceField(
        label=_("Appel dans lequel déposer le nouveau problème"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez un des appels proposés.")},
    )
    title = forms.CharField(
        label=_("Titre du nouveau problème"),
        max_length=200,
        error_messages={"required": _("Donnez un titre au nouveau problème.")},
    )
    learnings = forms.CharField(
        label=_("Ce que l’investigation a appris et qui motive le pivot"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Dites ce que l’investigation a appris.")},
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
