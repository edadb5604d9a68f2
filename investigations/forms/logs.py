"""The weekly log (journal de bord) form and its figures."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.forms import ModelMultipleChoiceField, MultipleFileField
from incubateur.text import AsciiDecimalField, AsciiIntegerField
from incubateur.uploads import validate_upload
from investigations.models import LogFigure, WeeklyLog

MAX_ATTACHMENTS = 10

PEOPLE_MET_FIELDS = ["usagers_met", "agents_met", "partners_met"]


class WeeklyLogForm(DsfrBaseForm, forms.ModelForm):
    """A draft may be saved half-written; sending it to the coach needs what the coach
    reads first: the time spent, the activities and the key learnings."""

    REQUIRED_TO_SUBMIT = ["hours_spent", "activities", "key_learnings"]

    # The version the form was opened on; empty for a log nobody has saved yet.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    hours_spent = AsciiDecimalField(
        label=_("Temps passé (heures)"),
        required=False,
        localize=True,
        min_value=0,
        max_value=80,
        max_digits=4,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Par exemple : 7 ou 6,5. Nécessaire pour envoyer le journal."),
        error_messages={"invalid": _("Indiquez un nombre d’heures, par exemple 7 ou 6,5.")},
    )
    hypotheses_tested = ModelMultipleChoiceField(
        label=_("Hypothèses testées cette semaine"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Facultatif. Ajoutez ou faites évoluer vos hypothèses dans leur tableau."),
    )
    attachments = MultipleFileField(
        label=_("Ajouter des fichiers"),
        required=False,
        help_text=_(
            "Facultatif. 10 Mo au plus par fichier. Formats acceptés : PDF, images (PNG, JPEG, "
            "GIF, WebP), documents Word, Excel ou PowerPoint récents (.docx, .xlsx, .pptx) "
            "ou LibreOffice (.odt, .ods, .odp, .odg), fichiers CSV ou texte. Plusieurs "
            "fichiers possibles."
        ),
    )

    class Meta:
        model = WeeklyLog
        fields = [
            "hours_spent",
            "activities",
            "usagers_met",
            "agents_met",
            "partners_met",
            "people_met_names",
            "key_learnings",
            "hypotheses_tested",
            "blockers",
            "help_request",
            "next_steps",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "activities",
                "people_met_names",
                "key_learnings",
                "blockers",
                "help_request",
                "next_steps",
            ]
        }
        field_classes = dict.fromkeys(PEOPLE_MET_FIELDS, AsciiIntegerField)
        labels = {
            "usagers_met": _("Usagers rencontrés"),
            "agents_met": _("Agents rencontrés"),
            "partners_met": _("Partenaires rencontrés"),
            "people_met_names": _("Noms des personnes rencontrées"),
            "key_learnings": _("Principaux apprentissages"),
            "blockers": _("Blocages"),
            "help_request": _("Aide demandée au coach"),
            "next_steps": _("Prochaines étapes"),
            "activities": _("Activités"),
        }
        help_texts = {
            "activities": _(
                "Entretiens, observations, ateliers, lectures… Nécessaire pour envoyer le journal."
            ),
            "key_learnings": _(
                "Ce que vous avez appris sur la réalité et l’ampleur du problème. Nécessaire "
                "pour envoyer le journal."
            ),
            "blockers": _("Facultatif. Ce qui vous a freiné."),
            "next_steps": _("Facultatif. Ce que vous prévoyez pour la semaine prochaine."),
        }

    def __init__(self, *args, submit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit = submit
        self.fields["hypotheses_tested"].queryset = self.instance.investigation.hypotheses.all()
        for name in PEOPLE_MET_FIELDS:
            self.fields[name].required = False
            self.fields[name].error_messages["invalid"] = _("Indiquez un nombre entier.")
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        for name in self.REQUIRED_TO_SUBMIT:
            self.fields[name].required_to_submit = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["hypotheses_tested"].initial = [
                hypothesis.pk for hypothesis in self.instance.hypotheses_tested.all()
            ]

    @property
    def requires_every_field(self) -> bool:
        # A log already sent stays complete: editing it can't empty what the coach read.
        return self.submit or self.instance.is_submitted

    def clean_usagers_met(self):
        return self.cleaned_data["usagers_met"] or 0

    def clean_agents_met(self):
        return self.cleaned_data["agents_met"] or 0

    def clean_partners_met(self):
        return self.cleaned_data["partners_met"] or 0

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        existing = len(self.instance.attachments.all()) if self.instance.pk else 0
        if existing + len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Un journal compte au plus %(max)s pièces jointes."),
                params={"max": MAX_ATTACHMENTS},
                code="too_many",
            )
        errors = []
        for upload in uploads:
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean(self):
        cleaned_data = super().clean()
        if self.requires_every_field:
            for name in self.REQUIRED_TO_SUBMIT:
                value = cleaned_data.get(name)
                empty = value is None or (isinstance(value, str) and not value.strip())
                if name not in self.errors and empty:
                    self.add_error(
                        name,
                        ValidationError(
                            _("Ce champ est obligatoire pour envoyer le journal au coach."),
                            code="required",
                        ),
                    )
        return cleaned_data


class LogFigureForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = LogFigure
        fields = ["figure", "source"]
        error_messages = {
            "figure": {"required": _("Indiquez le chiffre, ou videz aussi sa source.")},
            "source": {"required": _("Indiquez d’où vient ce chiffre.")},
        }

    def __init__(self, *args, number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if number is None:
            return
        # Numbered labels say which row an input (or an error of the summary) is about.
        labels = {
            "figure": _("Chiffre n° %(number)s"),
            "source": _("Source du chiffre n° %(number)s"),
        }
        for name, label in labels.items():
            # The bound fields already exist (DsfrBaseForm styles them): set both.
            self.fields[name].label = self[name].label = label % {"number": number}
            if number > 1:
                # The examples are given once, on the first row.
                self.fields[name].help_text = self[name].help_text = ""


class BaseLogFigureFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {"number": None if index is None else index + 1}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None and "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Supprimer le chiffre n° %(number)s") % {
                "number": index + 1
            }


LogFigureFormSet = forms.inlineformset_factory(
    WeeklyLog,
    LogFigure,
    form=LogFigureForm,
    formset=BaseLogFigureFormSet,
    extra=3,
    can_delete=True,
    max_num=30,
    validate_max=True,
    # Django would build up to max_num + 1000 forms from a forged management form.
    absolute_max=30,
)
