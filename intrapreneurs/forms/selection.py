"""Forms of the selection committee: the list's filters, a review, a status change and a
team."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.widgets import InlineRadioSelect

from incubateur import text
from incubateur.forms import ModelMultipleChoiceField
from incubateur.text import CleanCharField
from intrapreneurs.forms.themes import theme_filter_field
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
from intrapreneurs.services import MAX_TEAM_SIZE

Status = ProblemSubmission.Status

INVALID_CHOICE = _("Cette valeur n’est pas proposée : choisissez-en une dans la liste.")


class SelectionFilterForm(DsfrBaseForm):
    """The list's search, filters and sort. Every field is optional; an invalid value is
    reported next to its field and left out of the filtering."""

    SORTS = {
        "-score": [F("average_score").desc(nulls_last=True), F("submitted_at").desc(), "pk"],
        "score": [F("average_score").asc(nulls_last=True), F("submitted_at").desc(), "pk"],
        "-date": [F("submitted_at").desc(), "pk"],
        "date": [F("submitted_at").asc(), "pk"],
    }
    MIN_SCORES = ["2", "2.5", "3", "3.5", "4", "4.5"]

    q = CleanCharField(
        label=_("Rechercher"),
        help_text=_("Dans le titre, le problème et les personnes concernées."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *[c for c in Status.choices if c[0] != Status.DRAFT]],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    service = forms.ChoiceField(
        label=_("Service"), required=False, error_messages={"invalid_choice": INVALID_CHOICE}
    )
    theme = theme_filter_field()
    min_score = forms.TypedChoiceField(
        label=_("Note moyenne minimale"),
        required=False,
        coerce=Decimal,
        empty_value=None,
        choices=[
            ("", _("Toutes les notes")),
            *[(score, score.replace(".", ",")) for score in MIN_SCORES],
        ],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("-score", _("Meilleure note d’abord")),
            ("score", _("Moins bonne note d’abord")),
            ("-date", _("Plus récents d’abord")),
            ("date", _("Plus anciens d’abord")),
        ],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            ("", _("Tous les services")),
            *[(service, service) for service in services],
        ]

    def apply(self, submissions):
        """Filter, search and sort a queryset annotated by `with_list_related_data`."""
        self.is_valid()
        # Only the fields that validated are in cleaned_data.
        data = self.cleaned_data
        if data.get("status"):
            submissions = submissions.filter(status=data["status"])
        if data.get("service"):
            submissions = submissions.filter(service=data["service"])
        if data.get("theme"):
            submissions = submissions.filter(pk__in=data["theme"].submissions.values("pk"))
        if data.get("min_score") is not None:
            submissions = submissions.filter(average_score__gte=data["min_score"])
        if query := (data.get("q") or "").strip():
            submissions = submissions.filter(
                Q(title__icontains=query)
                | Q(problem__icontains=query)
                | Q(affected_users__icontains=query)
            )
        return submissions.order_by(*self.SORTS[data.get("sort") or "-score"])


SCORE_ERROR = _("Donnez une note de 1 à 5.")


def score_field(name: str) -> forms.TypedChoiceField:
    """A 1–5 score labelled with the criterion as the model states it."""
    return forms.TypedChoiceField(
        label=capfirst(SelectionReview._meta.get_field(name).verbose_name),
        help_text=_("De 1 (faible) à 5 (fort)."),
        choices=[(score, str(score)) for score in range(1, 6)],
        coerce=int,
        widget=InlineRadioSelect,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )


class ReviewForm(DsfrBaseForm):
    impact_score = score_field("impact_score")
    scale_score = score_field("scale_score")
    feasibility_score = score_field("feasibility_score")
    comment = CleanCharField(
        label=_("Commentaire"),
        help_text=_("Ce qui justifie vos notes, ce qu’il faudrait vérifier."),
        required=False,
        max_length=text.TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, review: SelectionReview | None = None, **kwargs):
        if review is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(review, name) for name in [*SelectionReview.CRITERIA, "comment"]},
            )
        super().__init__(*args, **kwargs)

    @property
    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name in SelectionReview.CRITERIA}

    @property
    def score_fields(self):
        return [self[name] for name in SelectionReview.CRITERIA]


class StatusForm(DsfrBaseForm):
    """Shortlist, select, put back or decline. The status the member saw travels with the
    form so that a change made meanwhile by someone else is reported, not overwritten."""

    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Status if s != Status.DRAFT],
        error_messages={"invalid_choice": INVALID_CHOICE, "required": INVALID_CHOICE},
    )
    seen_status = forms.CharField(widget=forms.HiddenInput)
    message = CleanCharField(
        label=_("Message au déposant (facultatif)"),
        help_text=_("Il est joint au courriel qui lui annonce la décision."),
        required=False,
        max_length=text.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, submission: ProblemSubmission, **kwargs):
        self.submission = submission
        kwargs.setdefault(
            "initial", {"seen_status": submission.status, "message": submission.decline_message}
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        seen = self.cleaned_data.get("seen_status")
        if seen and seen != self.submission.status:
            raise ValidationError(
                _(
                    "Quelqu’un a changé le statut de ce problème pendant que vous le consultiez "
                    ": il est maintenant « %(status)s ». Vérifiez avant de le modifier."
                )
                % {"status": self.submission.get_status_display()}
            )
        return self.cleaned_data


class TeamForm(DsfrBaseForm):
    candidacies = ModelMultipleChoiceField(
        label=_("Intrapreneurs"),
        help_text=_(
            "De un à trois volontaires. Au moins l’un d’eux doit avoir l’accord de son responsable."
        ),
        queryset=Candidacy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choisissez de un à trois intrapreneurs."),
            "invalid_choice": _("Cette candidature n’est pas une de celles de ce programme."),
            "invalid_pk_value": _("Cette candidature n’est pas une de celles de ce programme."),
        },
    )

    # The submission's version when the form was opened: another member's team saved
    # meanwhile is reported, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, submission: ProblemSubmission, candidacies, **kwargs):
        self.submission = submission
        team = [candidacy.pk for candidacy in submission.intrapreneurs.all()]
        kwargs.setdefault("initial", {"candidacies": team, "version": submission.version})
        super().__init__(*args, **kwargs)
        self.fields["candidacies"].queryset = candidacies

    def clean_candidacies(self):
        chosen = self.cleaned_data["candidacies"]
        if len(chosen) > MAX_TEAM_SIZE:
            raise ValidationError(
                _("Une équipe compte au plus trois intrapreneurs : vous en avez choisi %(count)s.")
                % {"count": len(chosen)}
            )
        return chosen

    def options(self):
        """For the template: each candidacy of the programme, whether it is ticked, whether
        it prefers this problem (those come first) and the other problems it is assigned to."""
        ticked = {str(pk) for pk in (self["candidacies"].value() or [])}
        this = self.submission.pk
        options = []
        for candidacy in self.fields["candidacies"].queryset:
            prefers_this = any(p.pk == this for p in candidacy.preferred_problems.all())
            other_teams = [p for p in candidacy.assigned_problems.all() if p.pk != this]
            options.append((candidacy, str(candidacy.pk) in ticked, prefers_this, other_teams))
        return sorted(options, key=lambda option: not option[2])
