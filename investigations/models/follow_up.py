from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.text import BoundedTextField
from investigations.models.core import Investigation, TeamMembership
from investigations.models.logs import WeeklyLog


class CommentQuerySet(models.QuerySet):
    def visible_to_team(self):
        return self.filter(visibility=Comment.Visibility.TEAM)

    def awaiting_team_answer(self):
        """Comments the team has not answered: visible to the team, written by someone
        outside it (its ANCT team), and without a reply by one of its members. Only a
        reply answers: a new log or another comment does not."""
        team_member = TeamMembership.objects.filter(
            investigation=OuterRef("investigation"), user=OuterRef("author")
        )
        team_reply = Comment.objects.filter(
            reply_to=OuterRef("pk"),
            author__team_memberships__investigation=OuterRef("investigation"),
        )
        return self.visible_to_team().filter(
            ~Exists(team_member), ~Exists(team_reply), reply_to__isnull=True
        )


class Comment(models.Model):
    """Feedback on an investigation or one of its logs. ANCT-private comments are only
    for the ANCT team (coach, designer, admins), never for intrapreneurs or referents."""

    class Visibility(models.TextChoices):
        TEAM = "team", _("Visible par l’équipe")
        ANCT = "anct", _("Réservé à l’équipe de l’ANCT")

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="comments"
    )
    log = models.ForeignKey(
        WeeklyLog, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    # Replies are threaded under the comment they answer, one level deep.
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en réponse à"),
    )
    body = BoundedTextField(max_length=text.TEXT, verbose_name=_("commentaire"))
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.TEAM
    )
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} : {self.body[:60]}"

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.ANCT
