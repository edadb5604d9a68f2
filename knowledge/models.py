"""The knowledge base: one search document per searchable object (a submission, an
investigation with its fiche, conclusion and log learnings, a published fiche), rebuilt
in the same transaction as the rows it is built from (knowledge.indexing)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from knowledge import access
from knowledge.vector import WeightedFrenchVector

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 60_000


class SearchDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published problems for everyone; the rest as its own pages allow (access.py)."""
        return self.filter(access.search_scope(user))

    def published(self):
        return self.filter(kind=SearchDocument.Kind.PUBLISHED)


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Problème publié")
        SUBMISSION = "submission", _("Problème déposé")
        INVESTIGATION = "investigation", _("Investigation")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    # Exactly one source per kind (constraint below); the document goes with it.
    submission = models.ForeignKey(
        "intrapreneurs.ProblemSubmission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    investigation = models.ForeignKey(
        "investigations.Investigation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    fiche = models.ForeignKey(
        "investigations.Fiche", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Facets, copied from the sources so that a filtered, counted search is one table.
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    collectivity = models.ForeignKey(
        "programmes.Collectivity",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    themes = models.ManyToManyField(
        "intrapreneurs.Theme", blank=True, related_name="+", verbose_name=_("thématiques")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    decision = models.CharField(_("décision du comité"), max_length=20, blank=True)
    # Weight A, B and C of the vector.
    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("problème"), max_length=TEXT_MAX_LENGTH, blank=True)
    details = models.TextField(_("détails"), max_length=TEXT_MAX_LENGTH, blank=True)
    # Lower case without accents (knowledge.text.fold): SQLite's search, and PostgreSQL's
    # trigram fallback on titles.
    folded_title = models.CharField(max_length=TITLE_MAX_LENGTH)
    folded_text = models.TextField(max_length=3 * TEXT_MAX_LENGTH, blank=True)
    vector = models.GeneratedField(
        expression=WeightedFrenchVector("title", "body", "details"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        # The GIN indexes (vector, trigram on folded_title) exist on PostgreSQL only:
        # migration 0002.
        constraints = [
            models.CheckConstraint(
                name="search_document_has_its_source",
                condition=(
                    models.Q(kind="submission", submission__isnull=False)
                    | models.Q(kind="investigation", investigation__isnull=False)
                    | models.Q(kind="published", fiche__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["submission"],
                condition=models.Q(kind="submission"),
                name="one_document_per_submission",
            ),
            models.UniqueConstraint(
                fields=["investigation"],
                condition=models.Q(kind="investigation"),
                name="one_document_per_investigation",
            ),
            models.UniqueConstraint(
                fields=["fiche"],
                condition=models.Q(kind="published"),
                name="one_document_per_published_fiche",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        """The page of its source (select_related("fiche") for published ones)."""
        if self.kind == self.Kind.PUBLISHED:
            return reverse("investigations:public_problem", args=[self.fiche.slug])
        if self.kind == self.Kind.SUBMISSION:
            return reverse("intrapreneurs:submission_detail", args=[self.submission_id])
        return reverse("investigations:investigation_detail", args=[self.investigation_id])

    def get_decision_display(self) -> str:
        from investigations.models import CommitteeReview

        return dict(CommitteeReview.Decision.choices).get(self.decision, "")
