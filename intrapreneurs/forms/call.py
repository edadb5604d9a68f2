"""Forms of the call: an agent's problem submission and their candidacy."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.forms import ModelMultipleChoiceField, MultipleFileField
from incubateur.text import EmailAddressField
from incubateur.uploads import validate_upload
from intrapreneurs.models import Candidacy, ProblemSubmission

MAX_ATTACHMENTS = 10


class SubmissionForm(DsfrBaseForm, forms.ModelForm):
    """A draft needs only its title; submitting (or editing a submitted problem) needs
    every field the committee relies on."""

    REQUIRED_TO_SUBMIT = ["problem", "affected_users", "service"]

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
        model = ProblemSubmission
        fields = [
            "collectivity",
            "title",
            "problem",
            "affected_users",
            "current_cost",
            "evidence",
            "service",
            "current_handling",
            "themes",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 5})
                for name in [
                    "problem",
                    "affected_users",
                    "current_cost",
                    "evidence",
                    "current_handling",
                ]
            },
        }
        # Ours: an id too large for the database is an invalid choice, not a 500.
        field_classes = {"themes": ModelMultipleChoiceField}
        error_messages = {
            "title": {"required": _("Donnez un titre au problème, même pour un brouillon.")}
        }

    def __init__(self, *args, submit: bool = False, collectivities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit = submit
        # A collectivité is chosen only on creation, and only by members of several of
        # the programme's collectivités; otherwise the view sets it.
        if collectivities is not None and len(collectivities) > 1:
            self.fields["collectivity"].queryset = self.fields["collectivity"].queryset.filter(
                pk__in=[collectivity.pk for collectivity in collectivities]
            )
            self.fields["collectivity"].empty_label = None
            self.fields["collectivity"].label = _("Au titre de quelle collectivité ?")
        else:
            del self.fields["collectivity"]
        for name in self.REQUIRED_TO_SUBMIT:
            self.fields[name].required = False
            # The templates mark these as required: they are, to submit.
            self.fields[name].required_to_submit = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    @property
    def requires_every_field(self) -> bool:
        return self.submit or self.instance.status == ProblemSubmission.Status.SUBMITTED

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        existing = self.instance.attachments.count() if self.instance.pk else 0
        if existing + len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Un problème compte au plus %(max)s pièces jointes."),
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
                if name not in self.errors and not cleaned_data.get(name, "").strip():
                    self.add_error(
                        name,
                        ValidationError(
                            _("Ce champ est obligatoire pour soumettre le problème."),
                            code="required",
                        ),
                    )
        return cleaned_data


class ProblemChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.service})" if obj.service else obj.title


class CandidacyForm(DsfrBaseForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    preferred_problems = ProblemChoiceField(
        label=_("Les problèmes qui vous intéressent"),
        queryset=ProblemSubmission.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Facultatif. Parmi les problèmes déjà soumis à l’appel de ce programme."),
    )

    field_order = [
        "motivation",
        "preferred_problems",
        "manager_name",
        "manager_email",
        "manager_agrees",
    ]

    class Meta:
        model = Candidacy
        fields = ["motivation", "manager_name", "manager_email", "manager_agrees"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"manager_email": EmailAddressField}
        help_texts = {
            "motivation": _(
                "Pourquoi souhaitez-vous mener une investigation, un jour par semaine pendant "
                "le programme ?"
            ),
            "manager_agrees": _(
                "Cochez cette case quand votre responsable a donné son accord. Vous pourrez "
                "revenir la cocher plus tard, tant que l’appel est ouvert."
            ),
        }
        error_messages = {
            "motivation": {"required": _("Dites-nous en quelques mots ce qui vous motive.")},
            "manager_name": {"required": _("Indiquez le nom de votre responsable.")},
            "manager_email": {
                "required": _("Indiquez l’adresse électronique de votre responsable."),
                "invalid": _(
                    "Saisissez une adresse électronique valide, par exemple "
                    "prenom.nom@collectivite.fr."
                ),
            },
        }

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_problems"].queryset = problems
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["preferred_problems"].initial = list(
                self.instance.preferred_problems.values_list("pk", flat=True)
            )
        else:
            del self.fields["version"]
