from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from investigations.models import CheckInAnswer


class CheckInAnswerForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = CheckInAnswer
        fields = ["status", "service_url", "impact_figure", "impact_source"]
        widgets = {"status": forms.RadioSelect}
        help_texts = {
            "service_url": _("Facultatif. Par exemple https://beta.gouv.fr/startups/…"),
            "impact_figure": _("Facultatif. Par exemple « 120 rendez-vous honorés de plus »."),
            "impact_source": _("D’où vient le chiffre : un tableau de bord, une étude…"),
        }
        error_messages = {
            "status": {"required": _("Dites où en est le sujet.")},
            "service_url": {"invalid": _("Saisissez une adresse web complète (https://…).")},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("impact_figure") and not cleaned.get("impact_source"):
            self.add_error("impact_source", _("Indiquez la source du chiffre."))
        return cleaned
