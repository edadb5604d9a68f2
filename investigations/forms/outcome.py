"""Forms of the outcome: milestones, the investment committee's grid and the conclusion."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from investigations.models import (
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    Milestone,
    Proposal,
)
from investigations.models.outcome import COMMITTEE_CRITERIA

SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]
# A programme lasts months: what happened in it is recent, what is planned is near.
RECENT = datetime.timedelta(days=2 * 366)
COMMITTEE_AHEAD = datetime.timedelta(days=366)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MilestoneForm(DsfrBaseForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Milestone
        fields = ["done_on", "note"]
        widgets = {"done_on": DateInput, "note": forms.Textarea(attrs={"rows": 4})}
        labels = {"done_on": _("Réalisé le"), "note": _("Note")}
        help_texts = {
            "done_on": _("Au format jj/mm/aaaa."),
            "note": _("Facultatif. Ce qui s’est dit, ce qui reste à faire."),
        }
        error_messages = {"done_on": {"invalid": _("Saisissez une date valide.")}}

    def __init__(self, *args, undo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Undoing keeps the note as typed (validated) and ignores the posted date.
        self.fields["done_on"].disabled = undo
        self.fields["done_on"].required = not undo
        self.fields["done_on"].error_messages["required"] = _(
            "Indiquez la date à laquelle ce jalon a été réalisé."
        )
        if not self.instance.done_on:
            self.initial["done_on"] = timezone.localdate()
        self.fields["version"].initial = self.instance.version

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError(
                _("Un jalon ne peut pas être réalisé à une date future."), code="future"
            )
        earliest = timezone.localdate() - RECENT
        if done_on and done_on < earliest:
            raise forms.ValidationError(
                _("Un jalon est réalisé pendant le programme : pas avant le %(date)s."),
                params={"date": date_format(earliest, "j F Y")},
                code="too_old",
            )
        return done_on


CRITERIA_LABELS = dict(COMMITTEE_CRITERIA)


def committee_formfield(db_field, **kwargs):
    """Each criterion's score as a line of radio buttons from 1 to 5; the labels of the
    score and of the comment name their criterion (the error summary lists them)."""
    criterion, _sep, part = db_field.name.rpartition("_")
    label = CRITERIA_LABELS.get(criterion)
    if label and part == "score":
        return forms.TypedChoiceField(
            label=format_lazy(_("{criterion} : note de 1 à 5"), criterion=label),
            choices=SCORE_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choisissez une note entre 1 et 5.")},
        )
    field = db_field.formfield(**kwargs)
    if label and part == "comment":
        field.label = format_lazy(_("{criterion} : commentaire"), criterion=label)
    return field


class CommitteeReviewForm(DsfrBaseForm, forms.ModelForm):
    """The seven criteria (a score from 1 to 5 and a comment each), then the decision.
    The grid may be filled over several sittings; a decision needs the committee's date."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CommitteeReview
        fields = [
            *[
                f"{name}_{part}"
                for name, _label in COMMITTEE_CRITERIA
                for part in ("score", "comment")
            ],
            "decision",
            "decision_notes",
            "decided_on",
        ]
        formfield_callback = committee_formfield
        widgets = {
            **{
                f"{name}_comment": forms.Textarea(attrs={"rows": 3})
                for name, _label in COMMITTEE_CRITERIA
            },
            "decision": forms.RadioSelect,
            "decision_notes": forms.Textarea(attrs={"rows": 5}),
            "decided_on": DateInput,
        }
        labels = {
            "decision": _("Décision du comité"),
            "decision_notes": _("Motifs de la décision"),
            "decided_on": _("Date du comité"),
        }
        help_texts = {
            "decision_notes": _("Facultatif. Ce qui a motivé la décision, les conditions posées."),
            "decided_on": _("Obligatoire avec une décision. Au format jj/mm/aaaa."),
        }
        error_messages = {"decided_on": {"invalid": _("Saisissez une date valide.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio button can't be unticked: "no decision yet" is a choice of its own.
        self.fields["decision"].choices = [
            ("", _("Pas encore de décision")),
            *CommitteeReview.Decision.choices,
        ]
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def criteria(self):
        """[(label, score field, comment field)] in the grid's order."""
        return [
            (label, self[f"{name}_score"], self[f"{name}_comment"])
            for name, label in COMMITTEE_CRITERIA
        ]

    def clean_decided_on(self):
        """The committee sits during the programme: a recent date, or one set ahead."""
        decided_on = self.cleaned_data["decided_on"]
        earliest = timezone.localdate() - RECENT
        latest = timezone.localdate() + COMMITTEE_AHEAD
        if decided_on and not earliest <= decided_on <= latest:
            raise forms.ValidationError(
                _("Saisissez une date du comité entre le %(earliest)s et le %(latest)s."),
                params={
                    "earliest": date_format(earliest, "j F Y"),
                    "latest": date_format(latest, "j F Y"),
                },
                code="out_of_range",
            )
        return decided_on

    def clean(self):
        cleaned_data = super().clean()
        missing_date = not cleaned_data.get("decided_on") and "decided_on" not in self.errors
        if cleaned_data.get("decision") and missing_date:
            self.add_error(
                "decided_on",
                forms.ValidationError(
                    _("Indiquez la date du comité qui a pris cette décision."), code="required"
                ),
            )
        return cleaned_data


class ConclusionForm(DsfrBaseForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Conclusion
        fields = ["problem_confirmed", "summary", "recommendation", "next_steps"]
        widgets = {
            "problem_confirmed": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 8}),
            "recommendation": forms.RadioSelect,
            "next_steps": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "problem_confirmed": _("Le problème est-il confirmé ?"),
            "summary": _("Ce que l’investigation a établi"),
            "recommendation": _("Recommandation"),
            "next_steps": _("Prochaines étapes"),
        }
        help_texts = {
            "summary": _(
                "La réalité du problème, qui il touche, ses causes : ce que vous avez vu, "
                "entendu et mesuré."
            ),
            "next_steps": _("Facultatif. Qui fait quoi, et quand."),
        }
        error_messages = {
            "problem_confirmed": {"required": _("Dites si le problème est confirmé.")},
            "summary": {"required": _("Résumez ce que l’investigation a établi.")},
            "recommendation": {"required": _("Choisissez une recommandation.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons without the empty "---------" choice a select would need.
        self.fields["problem_confirmed"].choices = Conclusion.Confirmed.choices
        self.fields["recommendation"].choices = Conclusion.Recommendation.choices
        self.fields["version"].initial = self.instance.version if self.instance.pk else None


class ConclusionFigureForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = ConclusionFigure
        fields = ["figure", "source"]
        labels = {"figure": _("Chiffre"), "source": _("Source")}
        help_texts = {
            "figure": _("Par exemple « 1 200 rendez-vous non honorés par an »."),
            "source": _("D’où vient ce chiffre : logiciel, enquête, rapport, comptage…"),
        }
        error_messages = {
            "figure": {"required": _("Indiquez le chiffre.")},
            "source": {"required": _("Indiquez la source de ce chiffre.")},
        }


class ProposalForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["description", "kind"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "kind": forms.RadioSelect}
        labels = {"description": _("Proposition"), "kind": _("Nature de la proposition")}
        error_messages = {
            "description": {"required": _("Décrivez la proposition.")},
            "kind": {
                "required": _("Dites si la proposition est numérique, organisationnelle ou autre.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Proposal.Kind.choices


class BaseRowFormSet(forms.BaseInlineFormSet):
    """Rows of the conclusion. Each field's label carries its row's number, so that the
    labels are unique on the page and the error summary says which row is wrong."""

    # {field name: label with the row's number}, and the label of the "delete" box.
    row_labels: dict = {}
    delete_label = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is None:
            return
        for name, label in self.row_labels.items():
            # The form has already built its bound fields (DsfrBaseForm): label those.
            form[name].label = format_lazy(label, number=index + 1)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = format_lazy(self.delete_label, number=index + 1)


class FigureFormSet(BaseRowFormSet):
    row_labels = {"figure": _("Chiffre n° {number}"), "source": _("Source du chiffre n° {number}")}
    delete_label = _("Supprimer le chiffre n° {number}")


class ProposalRowFormSet(BaseRowFormSet):
    row_labels = {
        "description": _("Proposition n° {number}"),
        "kind": _("Nature de la proposition n° {number}"),
    }
    delete_label = _("Supprimer la proposition n° {number}")


# Blank rows are ignored; two of them let a team add figures or proposals without
# JavaScript, and two more appear after each save. At most 30 rows each: Django would
# otherwise build up to 2,000 forms from a forged management form.
MAX_ROWS = 30
ConclusionFigureFormSet = forms.inlineformset_factory(
    Conclusion,
    ConclusionFigure,
    form=ConclusionFigureForm,
    formset=FigureFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)
ProposalFormSet = forms.inlineformset_factory(
    Conclusion,
    Proposal,
    form=ProposalForm,
    formset=ProposalRowFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_ROWS,
    validate_max=True,
    absolute_max=MAX_ROWS,
)
