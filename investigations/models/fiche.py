"""The fiche problème: the team's public-facing summary of its problem, written from
week 1 in the Incubateur's sections, versioned, and published by the coach at a stable
anonymous address (/problemes-publics/<slug>/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from investigations.models.core import Investigation

SECTION_MAX_LENGTH = 4000


class FicheQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def with_public_data(self):
        """What a public page or the open data shows of each fiche, in a fixed number of
        queries: the investigation, its programme and sponsor, committee decision and next
        step, themes and figures."""
        return self.select_related(
            "investigation__programme",
            "investigation__submission",
            "sponsor",
            "investigation__committee_review",
            "investigation__next_step",
        ).prefetch_related("investigation__submission__themes", "figures")


class Fiche(models.Model):
    # The text the public reads, in page order: every one is checked before publication.
    SECTIONS = [
        "title",
        "problem_statement",
        "causes",
        "actionable_problem",
        "hypotheses",
        "expected_impact",
        "sponsor_service",
    ]
    # Without these the page says nothing: publication waits for them.
    REQUIRED_TO_PUBLISH = ["title", "problem_statement", "actionable_problem"]

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="fiche"
    )
    title = models.CharField(_("titre public"), max_length=200)
    problem_statement = models.TextField(
        _("problématique identifiée"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    causes = models.TextField(_("principales causes"), max_length=SECTION_MAX_LENGTH, blank=True)
    actionable_problem = models.TextField(
        _("problème actionnable"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        help_text=_("En quoi le problème est réel, majeur et actionnable."),
    )
    hypotheses = models.TextField(
        _("hypothèses à tester"),
        max_length=SECTION_MAX_LENGTH,
        blank=True,
        help_text=_("Reprises du tableau des hypothèses à la création de la fiche."),
    )
    expected_impact = models.TextField(
        _("impact recherché"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    sponsor = models.ForeignKey(
        "programmes.Collectivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collectivité sponsor"),
    )
    sponsor_service = models.CharField(
        _("service sponsor"),
        max_length=200,
        blank=True,
        help_text=_("Le service ou la direction qui porte le problème, sans nom de personne."),
    )
    # Given at the first publication and kept: the public address never changes.
    slug = models.SlugField(_("adresse publique"), max_length=80, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Incremented on each save, to report concurrent edits instead of overwriting them.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FicheQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche problème")
        verbose_name_plural = _("fiches problème")
        ordering = ["-published_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(slug=""),
                name="published_fiche_has_a_slug",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="unique_fiche_slug"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def section_labels(self) -> dict[str, str]:
        return {name: str(self._meta.get_field(name).verbose_name) for name in self.SECTIONS}

    def snapshot(self) -> dict[str, str]:
        """The text of every section and of the figures, as a revision keeps it."""
        text = {name: getattr(self, name) for name in self.SECTIONS}
        text["sponsor"] = str(self.sponsor_id)
        text["figures"] = [[figure.figure, figure.source] for figure in self.figures.all()]
        return text


class FicheFigure(models.Model):
    """A sized figure of the problem, with where it comes from."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="figures")
    figure = models.CharField(
        _("chiffre"), max_length=300, help_text=_("Par exemple : « 32 % des rendez-vous »")
    )
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Par exemple : « logiciel d’agenda, 2025 »")
    )

    class Meta:
        verbose_name = _("chiffre de la fiche")
        verbose_name_plural = _("chiffres de la fiche")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.figure} ({self.source})"


class FicheRevision(models.Model):
    """One saved version of the fiche: who changed which sections, when, and the text as
    it then stood."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    changed = models.JSONField(_("sections modifiées"), default=list)
    content = models.JSONField(_("contenu"), default=dict)

    class Meta:
        verbose_name = _("version de la fiche")
        verbose_name_plural = _("versions de la fiche")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.fiche} — {self.at:%Y-%m-%d %H:%M}"

    def changed_labels(self) -> list[str]:
        """The changed sections, named as the form names them."""
        labels = {"figures": str(_("chiffres")), "sponsor": str(_("collectivité sponsor"))}
        for name in Fiche.SECTIONS:
            labels[name] = str(Fiche._meta.get_field(name).verbose_name)
        return [labels.get(name, name) for name in self.changed]
