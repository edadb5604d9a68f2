"""The filters and sort of the coaches' dashboard."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from intrapreneurs.forms.themes import theme_filter_field
from investigations.progress import Progress

INVALID_CHOICE = _("Cette valeur n’est pas proposée : choisissez-en une dans la liste.")

# Most worrying first.
SEVERITY = {Progress.STALLED: 0, Progress.WATCH: 1, Progress.ON_TRACK: 2}


def _title(row) -> str:
    return row.investigation.submission.title.casefold()


def _by_status(row):
    return (SEVERITY[row.progress.status], -row.progress.missed_weeks, _title(row))


def _by_week(row):
    return (row.progress.current_week, _title(row))


def _by_last_log(row):
    # A team that has never sent a log comes first.
    last = row.progress.last_log_at
    return (last is not None, last.timestamp() if last else 0, _title(row))


def _by_attendance(row):
    # No attendance recorded yet: nothing to worry about, last.
    rate = row.progress.attendance_rate
    return (rate is None, rate or 0, _title(row))


class DashboardFilterForm(DsfrBaseForm):
    """Every field is optional; an invalid value is reported next to its field and left
    out. The status is computed in Python (`Progress.of`), so it filters the rows, not the
    queryset."""

    SORTS = {
        "status": _by_status,
        "week": _by_week,
        "last_log": _by_last_log,
        "attendance": _by_attendance,
    }

    programme = forms.TypedChoiceField(
        label=_("Programme"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *Progress.LABELS.items()],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    theme = theme_filter_field()
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("status", _("Statut, le plus préoccupant d’abord")),
            ("week", _("Semaine atteinte, la moins avancée d’abord")),
            ("last_log", _("Dernier journal, le plus ancien d’abord")),
            ("attendance", _("Présence, la plus faible d’abord")),
        ],
        error_messages={"invalid_choice": INVALID_CHOICE},
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [
            ("", _("Les programmes en cours")),
            *[(programme.pk, programme.name) for programme in programmes],
        ]
        self.is_valid()

    def _value(self, name):
        # Only the fields that validated are in cleaned_data.
        return self.cleaned_data.get(name)

    def filter_investigations(self, investigations):
        if programme := self._value("programme"):
            investigations = investigations.filter(programme_id=programme)
        if theme := self._value("theme"):
            investigations = investigations.filter(submission__in=theme.submissions.values("pk"))
        return investigations

    def filter_rows(self, rows: list) -> list:
        """Rows (with `.progress`) of the chosen status, in the chosen order."""
        if status := self._value("status"):
            rows = [row for row in rows if row.progress.status == status]
        return sorted(rows, key=self.SORTS[self._value("sort") or "status"])
