"""Forms of the hypothesis board: adding a hypothesis, then moving its status."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from investigations.models import Hypothesis


class HypothesisAddForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Hypothesis
        fields = ["statement", "evidence"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "statement": _("Hypothèse"),
            "evidence": _("Éléments de preuve"),
        }
        help_texts = {
            "statement": _(
                "Ce que l’équipe croit et veut vérifier, par exemple « Les usagers oublient "
                "leur rendez-vous faute de rappel »."
            ),
            "evidence": _("Facultatif. Ce qui l’appuie ou la contredit déjà."),
        }
        error_messages = {"statement": {"required": _("Écrivez l’hypothèse à tester.")}}

    def clean_statement(self):
        statement = self.cleaned_data["statement"].strip()
        if not statement:
            raise forms.ValidationError(_("Écrivez l’hypothèse à tester."), code="required")
        return statement


class HypothesisUpdateForm(DsfrBaseForm, forms.ModelForm):
    """Status and evidence, over the version the form was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Hypothesis
        fields = ["status", "evidence"]
        widgets = {
            "status": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"status": _("Statut"), "evidence": _("Éléments de preuve")}
        help_texts = {
            "status": _(
                "Un changement de statut est ajouté à l’historique, avec la semaine et votre nom."
            ),
            "evidence": _(
                "Ce qui valide ou invalide l’hypothèse : observations, chiffres, sources."
            ),
        }
        error_messages = {"status": {"required": _("Choisissez un statut.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # A model field with a default offers an empty choice: a status is always chosen.
        self.fields["status"].choices = Hypothesis.Status.choices
