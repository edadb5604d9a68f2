from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.models import Membership, Programme


class InvestigationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        referent_of = Q(
            programme__collectivities__memberships__user=user,
            programme__collectivities__memberships__role=Membership.Role.REFERENT,
        )
        allowed = self.filter(
            Q(programme__coach=user)
            | Q(programme__designer=user)
            | referent_of
            | Q(team_memberships__user=user)
        )
        return self.filter(pk__in=allowed.values("pk"))


class Investigation(models.Model):
    """A selected problem being investigated by its team of intrapreneurs."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="investigations"
    )
    submission = models.OneToOneField(
        "intrapreneurs.ProblemSubmission",
        on_delete=models.PROTECT,
        related_name="investigation",
        verbose_name=_("problème"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="TeamMembership",
        related_name="investigations",
        verbose_name=_("équipe"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        ordering = ["programme", "submission__title"]

    def __str__(self):
        return self.submission.title


class TeamMembership(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="team_memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    candidacy = models.ForeignKey(
        "intrapreneurs.Candidacy", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("intrapreneur de l’équipe")
        verbose_name_plural = _("intrapreneurs de l’équipe")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "user"], name="unique_team_member")
        ]

    def __str__(self):
        return f"{self.user} — {self.investigation}"


class WeeklySession(models.Model):
    """The investigation day of one week."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="sessions"
    )
    week = models.PositiveSmallIntegerField(_("semaine"))
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("séance hebdomadaire")
        verbose_name_plural = _("séances hebdomadaires")
        ordering = ["investigation", "week"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "week"], name="one_session_per_week")
        ]

    def __str__(self):
        return f"{self.investigation} — semaine {self.week}"
