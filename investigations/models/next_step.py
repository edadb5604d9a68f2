from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from investigations.models.core import Investigation

# Every text here is plain text of a few paragraphs at most.
TEXT_LENGTH = 3000


def _text(label, help_text=""):
    return models.TextField(label, max_length=TEXT_LENGTH, blank=True, help_text=help_text)


class NextStep(models.Model):
    """What follows the investment committee's decision, one per investigation: the
    post-mortem of an abandon, the draft that carries a pivot on, where the problem
    continues outside the Incubateur, or the fiche produit of a service to build. Only
    the fields of the decision taken are filled."""

    class Elsewhere(models.TextChoices):
        COLLECTIVITY = "collectivity", _("Une autre collectivité")
        NATIONAL_PROGRAMME = "national_programme", _("Un programme national")
        EXISTING_SERVICE = "existing_service", _("Un service existant")

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="next_step"
    )
    # Abandon: the post-mortem, required before the programme closes.
    abandon_why = _text(_("pourquoi l’investigation s’arrête"))
    abandon_learnings = _text(_("ce que l’équipe a appris"))
    abandon_changes = _text(
        _("ce qui devrait changer pour reprendre le sujet"),
        _("Les conditions qui rendraient le problème à nouveau actionnable."),
    )
    # Pivot: the draft problem submitted to a coming call, carrying the team on.
    pivot_learnings = _text(_("ce que l’investigation a appris et qui motive le pivot"))
    pivot_submission = models.OneToOneField(
        "intrapreneurs.ProblemSubmission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pivoted_from",
        verbose_name=_("problème issu du pivot"),
    )
    # Continue outside the Incubateur.
    elsewhere_kind = models.CharField(
        _("où le sujet se poursuit"), max_length=30, choices=Elsewhere.choices, blank=True
    )
    elsewhere_name = models.CharField(
        _("nom"),
        max_length=200,
        blank=True,
        help_text=_("La collectivité, le programme national ou le service existant."),
    )
    elsewhere_url = models.URLField(_("lien"), max_length=500, blank=True)
    # Build: the fiche produit; the investigation is then « en construction ».
    product_context = _text(_("contexte"))
    product_solution = _text(_("solution"))
    product_strategy = _text(_("stratégie"))
    product_impact_objective = _text(
        _("objectif d’impact à six mois"),
        _("Un objectif mesurable, par exemple « 30 % de rendez-vous non honorés en moins »."),
    )
    construction_started_on = models.DateField(_("en construction depuis le"), null=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    # The fields each decision requires (pivot: its draft, created by the service).
    REQUIRED = {
        "abandon": ["abandon_why", "abandon_learnings", "abandon_changes"],
        "pivot": ["pivot_learnings", "pivot_submission"],
        "continue_outside": ["elsewhere_kind", "elsewhere_name", "elsewhere_url"],
        "build": [
            "product_context",
            "product_solution",
            "product_strategy",
            "product_impact_objective",
        ],
    }

    class Meta:
        verbose_name = _("suite donnée au comité")
        verbose_name_plural = _("suites données au comité")

    def __str__(self):
        return f"Suite — {self.investigation}"

    def is_complete_for(self, decision: str) -> bool:
        return all(getattr(self, name) for name in self.REQUIRED.get(decision, []))

    @property
    def in_construction(self) -> bool:
        return self.construction_started_on is not None
