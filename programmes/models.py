import datetime
import secrets

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubateur import glossary
from incubateur.audit.services import Action, record
from programmes.validators import validate_siren


class CollectivityQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The collectivités whose members a user may see and invite: all for admins,
        their own for referents. A subquery, not a join, so that annotations counting
        memberships stay right."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        return self.filter(
            pk__in=Membership.objects.filter(user=user, role=Membership.Role.REFERENT).values(
                "collectivity"
            )
        )

    def matching_email(self, email: str):
        domain = email.rpartition("@")[2].strip().lower()
        return self.filter(email_domains__domain=domain)

    def matching_siret(self, siret: str):
        return self.filter(siren=(siret or "")[:9]) if len(siret or "") == 14 else self.none()


class Collectivity(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        unique=True,
        validators=[validate_siren],
        error_messages={"unique": _("Une collectivité porte déjà ce SIREN.")},
    )
    # [0-9], not \d, which also accepts other scripts' digits; \Z, not $, which also
    # matches before a final newline.
    insee_code = models.CharField(
        _("code INSEE"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^([0-9]{5}|2[AB][0-9]{3})\Z", _("Code INSEE à 5 caractères."))
        ],
    )
    departement_code = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^([0-9]{2,3}|2[AB])\Z", _("Code de département invalide."))],
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="collectivities"
    )
    # Incremented on each save, to report concurrent edits instead of overwriting them.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CollectivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        AGENT = "agent", _("Agent")
        REFERENT = "referent", _("Référent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    collectivity = models.ForeignKey(
        Collectivity, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.AGENT)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivity"], name="unique_membership_per_collectivity"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.collectivity} ({self.get_role_display()})"

    @property
    def role_phrase(self) -> str:
        """« en tant qu’agent », « en tant que référent·e »."""
        return glossary.role_phrase(self.role)


class EmailDomain(models.Model):
    """A domain that belongs to a collectivité: verified addresses on it join as agents."""

    collectivity = models.ForeignKey(
        Collectivity, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        _("domaine"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                _("Saisissez un nom de domaine, par exemple « lehavre.fr »."),
            )
        ],
        error_messages={"unique": _("Ce domaine appartient déjà à une collectivité.")},
    )

    class Meta:
        verbose_name = _("domaine de messagerie")
        verbose_name_plural = _("domaines de messagerie")
        ordering = ["domain"]

    def __str__(self):
        return self.domain


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> datetime.datetime:
    return timezone.now() + Invitation.VALIDITY


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    VALIDITY = datetime.timedelta(days=14)

    collectivity = models.ForeignKey(
        Collectivity, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(
        _("rôle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.AGENT
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invitée par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.collectivity}"

    @property
    def role_phrase(self) -> str:
        """« en tant qu’agent », « en tant que référent·e »."""
        return glossary.role_phrase(self.role)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ProgrammeQuerySet(models.QuerySet):
    """Tenant filters as `pk IN (subquery)`, never an OR across joins with DISTINCT: the
    subqueries start from the user's own memberships (an index lookup), so their cost does
    not grow with the number of programmes or members in the country."""

    def _of_members(self, user, role: str | None = None) -> Q:
        """The programmes of the collectivités where the user is a member (of `role`)."""
        memberships = Membership.objects.filter(user=user)
        if role:
            memberships = memberships.filter(role=role)
        links = Programme.collectivities.through.objects.filter(
            collectivity__in=memberships.values("collectivity")
        )
        return Q(pk__in=links.values("programme"))

    def visible_to(self, user):
        """The programmes a user may see: all for admins, assigned ones for the ANCT
        team, and the non-draft programmes of their collectivités for its members."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        return self.filter(
            Q(coach=user)
            | Q(designer=user)
            | (self._of_members(user) & ~Q(status=Programme.Status.DRAFT))
        )

    def followed_by(self, user):
        return self.filter(Q(coach=user) | Q(designer=user))

    def referred_by(self, user):
        """Programmes of the collectivités where the user is a referent."""
        return self.filter(self._of_members(user, Membership.Role.REFERENT))

    def selectable_by(self, user):
        """Programmes whose selection committee the user sits on (or all, for admins)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        return self.filter(
            Q(coach=user) | Q(designer=user) | self._of_members(user, Membership.Role.REFERENT)
        )

    def open_to_agent(self, user):
        """Programmes whose call an agent of one of its collectivités may take part in."""
        return self.filter(
            self._of_members(user),
            status__in=[
                Programme.Status.CALL_OPEN,
                Programme.Status.SELECTION,
                Programme.Status.INVESTIGATION,
                Programme.Status.CLOSED,
            ],
        )


class TransitionError(Exception):
    """A status change that the programme's state forbids; the message is for users."""


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        CALL_OPEN = "call_open", _("Appel ouvert")
        SELECTION = "selection", _("Sélection")
        INVESTIGATION = "investigation", _("Investigation")
        CLOSED = "closed", _("Clos")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lundi")
        TUESDAY = 1, _("mardi")
        WEDNESDAY = 2, _("mercredi")
        THURSDAY = 3, _("jeudi")
        FRIDAY = 4, _("vendredi")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(
        _("identifiant"),
        max_length=100,
        unique=True,
        help_text=_("Utilisé dans les adresses, par exemple « le-havre-2026 »."),
        error_messages={"unique": _("Un programme utilise déjà cet identifiant.")},
    )
    collectivities = models.ManyToManyField(
        Collectivity, related_name="programmes", verbose_name=_("collectivités")
    )
    call_opens_on = models.DateField(_("ouverture de l’appel"))
    call_closes_on = models.DateField(_("clôture de l’appel"))
    investigation_starts_on = models.DateField(_("début des investigations"))
    weeks = models.PositiveSmallIntegerField(
        _("nombre de semaines"),
        default=10,
        validators=[MinValueValidator(9), MaxValueValidator(12)],
    )
    weekday = models.PositiveSmallIntegerField(
        _("jour d’investigation"), choices=Weekday.choices, default=Weekday.THURSDAY
    )
    target_problems = models.PositiveSmallIntegerField(
        _("nombre de problèmes visés"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coached_programmes",
        verbose_name=_("coach"),
    )
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designed_programmes",
        verbose_name=_("designer"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The call's own text, written by admins and referents: shown on the call page and in
    # the call's emails instead of the generic one.
    call_introduction = models.TextField(
        _("introduction de l’appel"),
        max_length=3000,
        blank=True,
        help_text=_("Pourquoi la collectivité lance cet appel, ce qu’elle attend des agents."),
    )
    call_themes = models.TextField(
        _("thèmes de l’appel"),
        max_length=1000,
        blank=True,
        help_text=_("Les thèmes sur lesquels les problèmes sont attendus, un par ligne."),
    )
    call_contact = models.CharField(
        _("contact de l’appel"),
        max_length=300,
        blank=True,
        help_text=_(
            "Qui répond aux questions des agents, par exemple « Rémi Lefebvre, "
            "referent@lehavre.fr »."
        ),
    )
    # Incremented on each save of its form and each transition, to report concurrent
    # edits instead of overwriting them.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    ORDER = [
        Status.DRAFT,
        Status.CALL_OPEN,
        Status.SELECTION,
        Status.INVESTIGATION,
        Status.CLOSED,
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-investigation_starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(call_closes_on__gte=models.F("call_opens_on")),
                name="programme_call_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(investigation_starts_on__gte=models.F("call_closes_on")),
                name="programme_investigation_starts_after_call",
            ),
            models.CheckConstraint(
                condition=Q(weeks__gte=9) & Q(weeks__lte=12),
                name="programme_weeks_between_9_and_12",
            ),
        ]

    def __str__(self):
        return self.name

    # Once the selection is finalised, each investigation has its weekly sessions, with
    # their logs, attendance, reminders and milestones: these fields made them.
    SCHEDULE_FIELDS = ("investigation_starts_on", "weeks", "weekday")

    def has_sessions(self) -> bool:
        return self.pk is not None and self.investigations.exists()

    def clean(self):
        """Refuse a new schedule once sessions exist, rather than show one schedule while
        the sessions follow another. Moving running teams' day or length is agreed with
        them and their managers (each gave one given weekday), not done by a form."""
        super().clean()
        if not self.has_sessions():
            return
        saved = Programme.objects.filter(pk=self.pk).values(*self.SCHEDULE_FIELDS).get()
        message = _(
            "Les séances hebdomadaires de ce programme sont planifiées et portent déjà "
            "journaux, présences et jalons : ce champ n’est plus modifiable."
        )
        errors = {
            name: ValidationError(message, code="schedule_locked")
            for name in self.SCHEDULE_FIELDS
            if getattr(self, name) != saved[name]
        }
        if errors:
            raise ValidationError(errors)

    @property
    def next_status(self):
        index = self.ORDER.index(self.status)
        return self.ORDER[index + 1] if index + 1 < len(self.ORDER) else None

    def has_reached(self, status) -> bool:
        """Whether the programme is at `status` or a later step."""
        return self.ORDER.index(self.status) >= self.ORDER.index(status)

    def accepts_submissions(self, today: datetime.date | None = None) -> bool:
        """Agents may write, submit and edit while the call is open and not past its end."""
        today = today or timezone.localdate()
        return self.status == self.Status.CALL_OPEN and today <= self.call_closes_on

    def move_to(self, status: str, *, by, changes=None) -> "ProgrammeTransition":
        """Move one step forward and record who did it (with the other `changes` made
        along, for the audit trail). The guards of each step live in the services that
        call this (programmes.services, intrapreneurs.services, investigations.phase)."""
        if status != self.next_status:
            message = _(
                "Le programme est au statut « %(current)s » : "
                "il ne peut pas passer au statut « %(target)s »."
            )
            raise TransitionError(
                message
                % {"current": self.get_status_display(), "target": self.Status(status).label}
            )
        transition = ProgrammeTransition.objects.create(
            programme=self, from_status=self.status, to_status=status, by=by
        )
        changes = {**(changes or {}), "status": [self.status, status]}
        self.status = status
        # A programme form opened before the transition is now stale: saving it must not
        # carry the former status back.
        self.version = models.F("version") + 1
        self.save(update_fields=["status", "version", "updated_at"])
        self.refresh_from_db(fields=["version"])
        record(actor=by, action=Action.PROGRAMME_TRANSITIONED, target=self, changes=changes)
        return transition

    def call_theme_list(self) -> list[str]:
        return [line.strip() for line in self.call_themes.splitlines() if line.strip()]

    def first_session_date(self) -> datetime.date:
        """The first programme weekday on or after the investigation start date."""
        start = self.investigation_starts_on
        return start + datetime.timedelta(days=(self.weekday - start.weekday()) % 7)

    def session_dates(self) -> list[datetime.date]:
        """The date of each weekly session; a French public holiday (or a weekend) moves
        a session to the next working day."""
        first = self.first_session_date()
        planned = [first + datetime.timedelta(weeks=week) for week in range(self.weeks)]
        closed_days = holidays.France(years=range(first.year, planned[-1].year + 2))
        dates = []
        for day in planned:
            while day.weekday() >= 5 or day in closed_days:
                day += datetime.timedelta(days=1)
            dates.append(day)
        return dates


class ProgrammeTransition(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("ancien statut"), max_length=20, choices=Programme.Status.choices
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=20, choices=Programme.Status.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.programme} : {self.from_status} → {self.to_status}"
