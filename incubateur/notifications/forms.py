from django import forms
from dsfr.forms import DsfrBaseForm

from incubateur.notifications.models import EmailPreference


class EmailPreferenceForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["digest"]
