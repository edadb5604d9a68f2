"""The search form: the words, and the filters (each optional; an invalid value is
reported next to its field and left out)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.forms import ModelMultipleChoiceField
from intrapreneurs.forms.themes import UNKNOWN_THEME, theme_filter_field
from intrapreneurs.models import Theme
from investigations.models import CommitteeReview
from programmes.models import Collectivity

INVALID_CHOICE = _("Cette valeur n’est pas proposée : choisissez-en une dans la liste.")
QUERY_MAX_LENGTH = 200


class SearchForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Rechercher"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        help_text=_("Des mots du problème : « rendez-vous non honorés », « école », « CCAS »…"),
        error_messages={
            "max_length": _(
                "Votre recherche dépasse %(limit_value)d caractères : raccourcissez-la."
            )
        },
    )
    theme = theme_filter_field()
    kind = forms.ChoiceField(
        label=_("Type de collectivité"),
        required=False,
        choices=[("", _("Tous les types")), *Collectivity.Kind.choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    departement = forms.CharField(
        label=_("Département"),
        required=False,
        max_length=3,
        widget=forms.Select,
        error_messages={"max_length": INVALID_CHOICE},
    )
    year = forms.IntegerField(
        label=_("Année"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.Select,
        error_messages={
            "invalid": INVALID_CHOICE,
            "min_value": INVALID_CHOICE,
            "max_value": INVALID_CHOICE,
        },
    )
    decision = forms.ChoiceField(
        label=_("Décision du comité"),
        required=False,
        choices=[("", _("Toutes les décisions")), *CommitteeReview.Decision.choices],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def query(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("q", "").strip()

    def show_counts(self, facets: dict) -> None:
        """Each option says how many results it keeps (facets: {field: {value: count}})."""

        def counted(value, label, field):
            return value, f"{label} ({facets[field].get(value, 0)})"

        self.fields["theme"].label_from_instance = lambda theme: (
            f"{theme.name} ({facets['theme'].get(theme.pk, 0)})"
        )
        self.fields["kind"].choices = [
            ("", _("Tous les types")),
            *[counted(value, label, "kind") for value, label in Collectivity.Kind.choices],
        ]
        self.fields["decision"].choices = [
            ("", _("Toutes les décisions")),
            *[counted(v, label, "decision") for v, label in CommitteeReview.Decision.choices],
        ]
        self.fields["year"].widget.choices = [("", _("Toutes les années"))] + [
            counted(year, year, "year") for year in sorted(facets["year"], reverse=True)
        ]
        self.fields["departement"].widget.choices = [("", _("Tous les départements"))] + [
            counted(code, code, "departement") for code in sorted(facets["departement"]) if code
        ]

    def apply(self, documents):
        """The documents kept by every valid filter."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("theme"):
            documents = documents.filter(themes=data["theme"])
        if data.get("kind"):
            documents = documents.filter(collectivity__kind=data["kind"])
        if data.get("departement"):
            documents = documents.filter(collectivity__departement_code=data["departement"])
        if data.get("year"):
            documents = documents.filter(year=data["year"])
        if data.get("decision"):
            documents = documents.filter(decision=data["decision"])
        return documents


class SimilarProblemsForm(DsfrBaseForm):
    """The text of a problem being written, as the submission form sends it."""

    title = forms.CharField(label=_("Titre du problème"), required=False, max_length=200)
    problem = forms.CharField(
        label=_("Le problème, avec vos mots"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    themes = ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN_THEME, "invalid_pk_value": UNKNOWN_THEME},
    )
