"""Forms of collectivités, invitations and programmes; the national dashboard's theme filter
is in programmes.forms.themes."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from incubateur.forms import ModelMultipleChoiceField
from incubateur.text import AsciiIntegerField, EmailAddressField
from programmes.models import Collectivity, EmailDomain, Membership, Programme

# ANCT people work with an address on this domain; coaches and designers come from there.
ANCT_EMAIL_DOMAIN = "anct.gouv.fr"

# A programme's dates lie within this range: around year 9999, its sessions' dates (start
# plus weeks, moved past holidays) overflow Python's dates.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


class CollectivityForm(DsfrBaseForm, forms.ModelForm):
    # The version the form was opened on; empty for a new collectivité.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Collectivity
        fields = ["name", "kind", "siren", "insee_code", "departement_code"]
        help_texts = {
            "siren": _("9 chiffres, sans espace."),
            "insee_code": _("Facultatif. Pour une commune, son code officiel géographique."),
            "departement_code": _("Facultatif. Par exemple « 76 » ou « 2A »."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def clean_siren(self):
        return "".join(self.cleaned_data["siren"].split())


class EmailDomainForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = EmailDomain
        fields = ["domain"]
        labels = {"domain": _("Domaine de messagerie")}
        help_texts = {"domain": _("Par exemple « lehavre.fr », sans « @ ».")}

    def clean_domain(self):
        # Domains are compared in lowercase (CollectivityQuerySet.matching_email).
        return self.cleaned_data["domain"].strip().lstrip("@").lower()


class BaseEmailDomainFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return _("Un même domaine est saisi deux fois.")


EmailDomainFormSet = forms.inlineformset_factory(
    Collectivity,
    EmailDomain,
    form=EmailDomainForm,
    formset=BaseEmailDomainFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    # Django would build up to 2,000 forms from a forged management form.
    max_num=20,
    validate_max=True,
    absolute_max=20,
)


class InvitationForm(DsfrBaseForm):
    email = EmailAddressField(
        label=_("Adresse électronique"),
        help_text=_("L’adresse professionnelle de la personne à inviter."),
    )
    # Shown, and needed, only for an address outside the collectivité's domains.
    outside_domain = forms.BooleanField(
        label=_("J’invite quand même cette adresse, hors des domaines de la collectivité"),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=Membership.Role.choices,
        initial=Membership.Role.AGENT,
        widget=forms.RadioSelect,
        help_text=_(
            "Un agent dépose des problèmes et se porte volontaire ; un référent ouvre et clôt "
            "l’appel et participe à la sélection."
        ),
    )

    def __init__(self, *args, collectivity, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = sorted(domain.domain for domain in collectivity.email_domains.all())
        # The template shows the confirmation box only when asked for.
        self.asks_confirmation = False

    def clean(self):
        """An address outside the collectivité's domains (a personal mailbox, another
        employer) is often a typo or the wrong person: invite it only once confirmed."""
        cleaned_data = super().clean()
        email = cleaned_data.get("email", "")
        domain = email.rpartition("@")[2].lower()
        outside = bool(email and self.domains) and domain not in self.domains
        if outside and not cleaned_data.get("outside_domain"):
            self.asks_confirmation = True
            self.add_error(
                "email",
                forms.ValidationError(
                    _(
                        "« %(domain)s » n’est pas un domaine de la collectivité (%(domains)s). "
                        "Vérifiez l’adresse, ou cochez la case ci-dessous pour inviter quand "
                        "même cette personne."
                    ),
                    code="outside_domain",
                    params={"domain": domain, "domains": ", ".join(self.domains)},
                ),
            )
        return cleaned_data


class AnctUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


def anct_team():
    """Who may coach or design a programme: ANCT staff, and anyone with an ANCT address."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(email__iendswith=f"@{ANCT_EMAIL_DOMAIN}"))
    )


class CallContentForm(DsfrBaseForm, forms.ModelForm):
    """The call's own text: what admins and referents write for their agents."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = ["call_introduction", "call_themes", "call_contact"]
        widgets = {
            "call_introduction": forms.Textarea(attrs={"rows": 6}),
            "call_themes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class ProgrammeForm(DsfrBaseForm, forms.ModelForm):
    # The version the form was opened on; empty for a new programme.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = [
            "name",
            "slug",
            "collectivities",
            "call_opens_on",
            "call_closes_on",
            "investigation_starts_on",
            "weeks",
            "weekday",
            "target_problems",
            "coach",
            "designer",
        ]
        widgets = {
            "collectivities": forms.CheckboxSelectMultiple,
            "call_opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "call_closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "investigation_starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {
            "collectivities": ModelMultipleChoiceField,
            "coach": AnctUserChoiceField,
            "designer": AnctUserChoiceField,
            "weeks": AsciiIntegerField,
            "target_problems": AsciiIntegerField,
        }
        help_texts = {
            "weeks": _("Entre 9 et 12 semaines."),
            "target_problems": _("Le nombre de problèmes retenus à l’issue de la sélection."),
            "coach": _("Un membre de l’équipe de l’ANCT."),
            "designer": _("Un membre de l’équipe de l’ANCT."),
        }
        error_messages = {
            "weeks": {
                "min_value": _("Un programme dure au moins 9 semaines."),
                "max_value": _("Un programme dure au plus 12 semaines."),
            },
            "collectivities": {"required": _("Choisissez au moins une collectivité.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        team = anct_team()
        self.fields["coach"].queryset = team
        self.fields["designer"].queryset = team
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        # Programme.clean refuses a new schedule once sessions exist: say so up front.
        if self.instance.has_sessions():
            locked = _(
                "Non modifiable : les séances hebdomadaires des investigations sont "
                "planifiées, avec leurs journaux, présences et jalons."
            )
            for name in Programme.SCHEDULE_FIELDS:
                self.fields[name].disabled = True
                # The DSFR base form has already bound the fields, copying their help text.
                self.fields[name].help_text = self[name].help_text = locked

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # programmes/nouveau/ is the creation page.
        if slug == "nouveau":
            raise forms.ValidationError(_("Cet identifiant est réservé : choisissez-en un autre."))
        return slug

    def clean(self):
        cleaned_data = super().clean()
        for name in ["call_opens_on", "call_closes_on", "investigation_starts_on"]:
            date = cleaned_data.get(name)
            if date and not EARLIEST_DATE <= date <= LATEST_DATE:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Saisissez une date entre le 1er janvier 2000 et le 31 décembre 2100."),
                        code="out_of_range",
                    ),
                )
        opens = cleaned_data.get("call_opens_on")
        closes = cleaned_data.get("call_closes_on")
        starts = cleaned_data.get("investigation_starts_on")
        if opens and closes and closes < opens:
            self.add_error(
                "call_closes_on", _("L’appel doit se clore après son ouverture, ou le même jour.")
            )
        elif closes and starts and starts < closes:
            self.add_error(
                "investigation_starts_on",
                _("Les investigations doivent commencer après la clôture de l’appel."),
            )
        return cleaned_data


class ProgrammeSearchForm(DsfrBaseForm):
    """Finds programmes by name: long lists (the admin's home, the dashboard's programme
    filter) show a bounded page and this search, which needs no JavaScript."""

    q = forms.CharField(
        label=_("Rechercher un programme"),
        help_text=_("Tout ou partie de son nom."),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_valid()

    @property
    def terms(self) -> str:
        # An invalid (too long) search is reported next to its field and left out.
        return (self.cleaned_data.get("q") or "").strip()

    def filter(self, programmes):
        return programmes.filter(name__icontains=self.terms) if self.terms else programmes
