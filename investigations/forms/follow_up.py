"""Forms of the coaches' follow-up: a comment and an attendance toggle."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur import text
from incubateur.text import CleanCharField
from investigations.models import Attendance, Comment


class CommentForm(DsfrBaseForm):
    """A comment on an investigation or on one of its logs. Only the ANCT team chooses
    its visibility; everyone else's comments are visible to the team."""

    body = CleanCharField(
        label=_("Votre commentaire"),
        max_length=text.TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Écrivez votre commentaire avant de l’envoyer."),
            "max_length": _(
                "Votre commentaire est trop long : %(limit_value)d caractères au plus "
                "(il en compte %(show_value)d)."
            ),
        },
    )
    visibility = forms.ChoiceField(
        label=_("Qui peut le lire ?"),
        choices=Comment.Visibility.choices,
        initial=Comment.Visibility.TEAM,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez qui peut lire ce commentaire."),
            "invalid_choice": _("Choisissez qui peut lire ce commentaire."),
        },
    )

    def __init__(self, *args, log=None, private_allowed: bool, reply_to=None, **kwargs):
        # Several comment forms share the investigation page: one set of ids per form.
        if reply_to is not None:
            kwargs.setdefault("auto_id", f"reponse-{reply_to.pk}-%s")
        else:
            kwargs.setdefault("auto_id", f"commentaire-{log.pk if log else 'investigation'}-%s")
        super().__init__(*args, **kwargs)
        # A reply is read by whoever reads the comment it answers.
        if not private_allowed or reply_to is not None:
            del self.fields["visibility"]
        if reply_to is not None:
            # DsfrBaseForm's __init__ has already built the bound fields, labels included.
            self.fields["body"].label = self["body"].label = _("Votre réponse")

    @property
    def chosen_visibility(self) -> str:
        return self.cleaned_data.get("visibility", Comment.Visibility.TEAM)


class AttendanceForm(forms.Form):
    """One toggle: who and which status. Both come from buttons, never typed."""

    user = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    status = forms.ChoiceField(choices=Attendance.Status.choices)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = team
