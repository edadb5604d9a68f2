from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.text import BoundedCharField, BoundedTextField
from investigations.models.core import Investigation

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]

# The investment committee's evaluation grid: (field prefix, label).
COMMITTEE_CRITERIA = [
    ("problem", _("Le problème")),
    ("size", _("Son ampleur")),
    ("users", _("Les usagers")),
    ("team_fit", _("L’adéquation des intrapreneurs")),
    ("readiness", _("La maturité")),
    ("strategy", _("La stratégie à six mois")),
    ("existing_solutions", _("Les solutions existantes")),
]


class CommitteeReview(models.Model):
    """The investment committee's grid (seven criteria, each scored 1–5 with a comment)
    and its decision for one investigation."""

    class Decision(models.TextChoices):
        ABANDON = "abandon", _("Abandonner")
        PIVOT = "pivot", _("Pivoter")
        CONTINUE_OUTSIDE = "continue_outside", _("Poursuivre hors de l’Incubateur")
        BUILD = "build", _("Lancer la construction d’un service")

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="committee_review"
    )
    problem_score = models.PositiveSmallIntegerField(
        _("Le problème (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    problem_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("Le problème (commentaire)"), blank=True
    )
    size_score = models.PositiveSmallIntegerField(
        _("Son ampleur (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    size_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("Son ampleur (commentaire)"), blank=True
    )
    users_score = models.PositiveSmallIntegerField(
        _("Les usagers (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    users_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("Les usagers (commentaire)"), blank=True
    )
    team_fit_score = models.PositiveSmallIntegerField(
        _("L’adéquation des intrapreneurs (note)"),
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    team_fit_comment = BoundedTextField(
        max_length=text.NOTE,
        verbose_name=_("L’adéquation des intrapreneurs (commentaire)"),
        blank=True,
    )
    readiness_score = models.PositiveSmallIntegerField(
        _("La maturité (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    readiness_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("La maturité (commentaire)"), blank=True
    )
    strategy_score = models.PositiveSmallIntegerField(
        _("La stratégie à six mois (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    strategy_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("La stratégie à six mois (commentaire)"), blank=True
    )
    existing_solutions_score = models.PositiveSmallIntegerField(
        _("Les solutions existantes (note)"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    existing_solutions_comment = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("Les solutions existantes (commentaire)"), blank=True
    )
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices, blank=True)
    decision_notes = BoundedTextField(
        max_length=text.TEXT, verbose_name=_("motifs de la décision"), blank=True
    )
    decided_on = models.DateField(_("date du comité"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("grille du comité d’investissement")
        verbose_name_plural = _("grilles du comité d’investissement")

    def __str__(self):
        return f"Comité — {self.investigation}"

    @property
    def has_decision(self) -> bool:
        return bool(self.decision)

    def criteria(self):
        """[(label, score, comment)] in the grid's order, for templates and reports."""
        return [
            (label, getattr(self, f"{name}_score"), getattr(self, f"{name}_comment"))
            for name, label in COMMITTEE_CRITERIA
        ]


class Conclusion(models.Model):
    class Confirmed(models.TextChoices):
        YES = "yes", _("Oui")
        PARTLY = "partly", _("En partie")
        NO = "no", _("Non")

    class Recommendation(models.TextChoices):
        BUILD_DIGITAL = "build_digital", _("Construire un service numérique")
        CHANGE_ORGANISATION = "change_organisation", _("Changer l’organisation")
        INVESTIGATE_FURTHER = "investigate_further", _("Poursuivre l’investigation")
        STOP = "stop", _("Arrêter")

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="conclusion"
    )
    problem_confirmed = models.CharField(
        _("le problème est-il confirmé ?"), max_length=10, choices=Confirmed.choices
    )
    summary = BoundedTextField(
        max_length=text.LONG_TEXT, verbose_name=_("ce que l’investigation a établi")
    )
    recommendation = models.CharField(
        _("recommandation"), max_length=30, choices=Recommendation.choices
    )
    next_steps = BoundedTextField(
        max_length=text.TEXT, verbose_name=_("prochaines étapes"), blank=True
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="conclusions", verbose_name=_("auteurs")
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self):
        return f"Conclusion — {self.investigation}"


class ConclusionFigure(models.Model):
    """A figure on the scale of the problem, with its source."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="figures")
    figure = BoundedCharField(verbose_name=_("chiffre"), max_length=300)
    source = BoundedCharField(verbose_name=_("source"), max_length=300)

    class Meta:
        verbose_name = _("chiffre de la conclusion")
        verbose_name_plural = _("chiffres de la conclusion")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.figure} ({self.source})"


class Proposal(models.Model):
    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Numérique")
        ORGANISATIONAL = "organisational", _("Organisationnelle")
        OTHER = "other", _("Autre")

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="proposals")
    description = BoundedTextField(max_length=text.NOTE, verbose_name=_("proposition"))
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["pk"]

    def __str__(self):
        return self.description[:80]
