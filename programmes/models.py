from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.validators import validate_siren


class Collectivity(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    insee_code = models.CharField(
        _("code INSEE"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("Code INSEE à 5 caractères."))],
    )
    departement_code = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^(\d{2,3}|2[AB])$", _("Code de département invalide."))],
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="collectivities"
    )

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


class ProgrammeQuerySet(models.QuerySet):
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
            | (Q(collectivities__memberships__user=user) & ~Q(status=Programme.Status.DRAFT))
        ).distinct()

    def followed_by(self, user):
        return self.filter(Q(coach=user) | Q(designer=user))


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
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
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
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

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
