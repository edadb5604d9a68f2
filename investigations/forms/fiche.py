"""The team's fiche problème and its figures."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from investigations.forms.logs import BaseLogFigureFormSet, LogFigureForm
from investigations.models import Fiche, FicheFigure

TEXT_SECTIONS = [
    "problem_statement",
    "causes",
    "actionable_problem",
    "hypotheses",
    "expected_impact",
]


class FicheForm(DsfrBaseForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Fiche
        fields = ["title", *TEXT_SECTIONS, "sponsor", "sponsor_service"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in TEXT_SECTIONS}
        error_messages = {
            "title": {"required": _("Donnez un titre public au problème.")},
            "sponsor": {
                "required": _("Choisissez la collectivité sponsor."),
                "invalid_choice": _("Choisissez l’une des collectivités du programme."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance.investigation.programme
        self.fields["sponsor"].queryset = programme.collectivities.all()
        self.fields["sponsor"].empty_label = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]


class FicheFigureForm(LogFigureForm):
    class Meta(LogFigureForm.Meta):
        model = FicheFigure


FicheFigureFormSet = forms.inlineformset_factory(
    Fiche,
    FicheFigure,
    form=FicheFigureForm,
    formset=BaseLogFigureFormSet,
    extra=2,
    can_delete=True,
    max_num=20,
    validate_max=True,
    # Django would build up to max_num + 1000 forms from a forged management form.
    absolute_max=20,
)
