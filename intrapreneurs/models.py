"""The call for problems and for intrapreneurs, and the selection of the problems."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.attachments import Attachment
from incubateur.text import BoundedCharField, BoundedTextField
from intrapreneurs.themes import Theme
from programmes.models import Programme


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agents see their own submissions; the selection committee (referents of the
        programme's collectivités, its coach and designer) and admins see every submitted
        one; nobody but its author sees a draft."""
        if not user.is_authenticated:
            return self.none()
        own = Q(author=user)
        if user.is_admin:
            return self.filter(own | ~Q(status=ProblemSubmission.Status.DRAFT))
        committee = Q(programme__in=Programme.objects.selectable_by(user).values("pk"))
        return self.filter(own | (committee & ~Q(status=ProblemSubmission.Status.DRAFT)))

    def submitted(self):
        return self.exclude(status=ProblemSubmission.Status.DRAFT)

    def with_list_related_data(self):
        return self.select_related("author", "collectivity", "programme").annotate(
            average_score=Avg("reviews__average"),
            review_count=Count("reviews", distinct=True),
        )


class ProblemSubmission(models.Model):
    class AuthorStatus(models.TextChoices):
        """The status as its author reads it: the committee's provisional decisions
        (shortlisted, selected, declined) stay inside the committee until the selection
        is finalised, when they are announced together, with the emails."""

        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposé")
        UNDER_REVIEW = "under_review", _("En cours d’examen")
        SELECTED = "selected", _("Retenu")
        DECLINED = "declined", _("Non retenu")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        SHORTLISTED = "shortlisted", _("Présélectionné")
        SELECTED = "selected", _("Retenu")
        DECLINED = "declined", _("Non retenu")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="submissions")
    collectivity = models.ForeignKey(
        "programmes.Collectivity",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("collectivité"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    title = BoundedCharField(verbose_name=_("titre du problème"), max_length=200)
    problem = BoundedTextField(
        max_length=text.TEXT,
        verbose_name=_("le problème, avec vos mots"),
        help_text=_("Ce que vous constatez dans votre travail, concrètement."),
    )
    affected_users = BoundedTextField(
        max_length=text.TEXT,
        verbose_name=_("qui est concerné"),
        help_text=_("Les usagers, les agents ou les partenaires qui subissent le problème."),
    )
    current_cost = BoundedTextField(
        max_length=text.TEXT,
        verbose_name=_("ce que cela coûte aujourd’hui"),
        blank=True,
        help_text=_("Temps perdu, argent, renoncement aux droits, conséquences pour les usagers…"),
    )
    evidence = BoundedTextField(
        max_length=text.TEXT,
        verbose_name=_("les éléments dont vous disposez"),
        blank=True,
        help_text=_("Chiffres, témoignages, études : ce qui montre que le problème existe."),
    )
    service = BoundedCharField(verbose_name=_("service concerné"), max_length=200)
    current_handling = BoundedTextField(
        max_length=text.TEXT,
        verbose_name=_("comment il est traité aujourd’hui"),
        blank=True,
        help_text=_("Ce qui est fait aujourd’hui, les contournements, ce qui a déjà été tenté."),
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="submissions",
        verbose_name=_("thématiques"),
        help_text=_(
            "Une ou plusieurs : elles rapprochent les problèmes semblables d’une "
            "collectivité à l’autre."
        ),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    decline_message = BoundedTextField(
        max_length=text.NOTE, verbose_name=_("message au déposant"), blank=True
    )
    intrapreneurs = models.ManyToManyField(
        "Candidacy",
        through="TeamAssignment",
        blank=True,
        related_name="assigned_problems",
        verbose_name=_("intrapreneurs"),
    )
    # Incremented on each save, to report concurrent edits instead of overwriting them.
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("problème soumis")
        verbose_name_plural = _("problèmes soumis")
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def decision_is_announced(self) -> bool:
        """The selection is finalised: its decisions may be told to the submitters."""
        return self.programme.status in {
            self.programme.Status.INVESTIGATION,
            self.programme.Status.CLOSED,
        }

    @property
    def author_status(self) -> "ProblemSubmission.AuthorStatus":
        """What its author (and anything written to them) may know of its status."""
        Shown = self.AuthorStatus
        if self.is_draft:
            return Shown.DRAFT
        if self.decision_is_announced:
            if self.status == self.Status.SELECTED:
                return Shown.SELECTED
            if self.status == self.Status.DECLINED:
                return Shown.DECLINED
            return Shown.SUBMITTED
        if self.programme.status == self.programme.Status.SELECTION:
            return Shown.UNDER_REVIEW
        return Shown.SUBMITTED

    @property
    def author_decline_message(self) -> str:
        """The committee's message to the author, once the decision is announced."""
        if self.author_status == self.AuthorStatus.DECLINED:
            return self.decline_message
        return ""

    def is_editable_by_author(self) -> bool:
        """Its author may edit it (draft or submitted) until the call closes."""
        return self.status in {self.Status.DRAFT, self.Status.SUBMITTED} and (
            self.programme.accepts_submissions()
        )


def attachment_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the database only.
    return f"submissions/{instance.submission_id}/{uuid.uuid4().hex}{instance.extension}"


class SubmissionAttachment(Attachment):
    submission = models.ForeignKey(
        ProblemSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)

    class Meta(Attachment.Meta):
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")


class CandidacyQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        committee = Programme.objects.selectable_by(user).values("pk")
        return self.filter(Q(agent=user) | Q(programme__in=committee))


class Candidacy(models.Model):
    """An agent volunteers as intrapreneur for a programme (appel à intrapreneurs)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="candidacies")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidacies"
    )
    motivation = BoundedTextField(max_length=text.TEXT, verbose_name=_("votre motivation"))
    preferred_problems = models.ManyToManyField(
        ProblemSubmission,
        blank=True,
        related_name="volunteers",
        verbose_name=_("problèmes qui vous intéressent"),
    )
    manager_name = BoundedCharField(verbose_name=_("nom de votre responsable"), max_length=200)
    manager_email = models.EmailField(_("adresse électronique de votre responsable"))
    manager_agrees = models.BooleanField(
        _("mon responsable accepte que je consacre un jour par semaine à l’investigation"),
        default=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature d’intrapreneur")
        verbose_name_plural = _("candidatures d’intrapreneurs")
        ordering = ["agent__last_name", "agent__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "agent"], name="one_candidacy_per_agent_and_programme"
            )
        ]

    def __str__(self):
        return f"{self.agent} ({self.programme})"


class TeamAssignment(models.Model):
    """A volunteer on a selected problem's team. A candidacy is one agent in one
    programme, so « one intrapreneur, one team per programme » is a unique candidacy here:
    two committee members assigning the same volunteer at once can't both win.
    The table is the one Django made for the many-to-many field before it had a model."""

    problemsubmission = models.ForeignKey(ProblemSubmission, on_delete=models.CASCADE)
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE)

    class Meta:
        db_table = "intrapreneurs_problemsubmission_intrapreneurs"
        verbose_name = _("intrapreneur affecté")
        verbose_name_plural = _("intrapreneurs affectés")
        unique_together = [("problemsubmission", "candidacy")]
        constraints = [models.UniqueConstraint(fields=["candidacy"], name="one_team_per_candidacy")]

    def __str__(self):
        return f"{self.candidacy} → {self.problemsubmission}"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
REVIEW_CRITERIA = ["impact_score", "scale_score", "feasibility_score"]


class SelectionReview(models.Model):
    """One reviewer's scores of one submission. The criteria are the committee's."""

    CRITERIA = REVIEW_CRITERIA

    submission = models.ForeignKey(
        ProblemSubmission, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="selection_reviews"
    )
    impact_score = models.PositiveSmallIntegerField(
        _("impact sur les usagers"), validators=SCORE_VALIDATORS
    )
    scale_score = models.PositiveSmallIntegerField(
        _("ampleur du problème"), validators=SCORE_VALIDATORS
    )
    feasibility_score = models.PositiveSmallIntegerField(
        _("faisabilité en 12 semaines"), validators=SCORE_VALIDATORS
    )
    # Stored so that lists can sort and filter on it in SQL.
    average = models.DecimalField(_("moyenne"), max_digits=3, decimal_places=2, editable=False)
    comment = BoundedTextField(max_length=text.TEXT, verbose_name=_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_review_per_reviewer"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"review_{field}_between_1_and_5",
                )
                for field in REVIEW_CRITERIA
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.submission}"

    def save(self, *args, **kwargs):
        scores = [getattr(self, field) for field in self.CRITERIA]
        self.average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "average"}
        super().save(*args, **kwargs)
