import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubateur import text
from incubateur.text import BoundedTextField
from programmes.models import Programme


class InvestigationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admins; the programme's coach and designer; the referents of its collectivités
        (read only); the intrapreneurs of the team."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        # Subqueries from the user's side (see ProgrammeQuerySet), not joins.
        committee = Programme.objects.selectable_by(user).values("pk")
        team = Investigation.team.through.objects.filter(user=user).values("investigation")
        return self.filter(Q(programme__in=committee) | Q(pk__in=team))


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

    def current_week(self, sessions, today: datetime.date | None = None) -> int:
        """The week whose session has passed most recently (0 before the first session).
        `sessions` are this investigation's sessions, in week order (prefetched)."""
        today = today or timezone.localdate()
        week = 0
        for session in sessions:
            if session.date <= today:
                week = session.week
        return week


class TeamMembership(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="team_memberships"
    )
    # The investigation's programme, copied here so that the database itself holds
    # « one intrapreneur, one investigation per programme » (a unique constraint).
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", editable=False
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
            models.UniqueConstraint(fields=["investigation", "user"], name="unique_team_member"),
            models.UniqueConstraint(
                fields=["programme", "user"], name="one_investigation_per_programme"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.investigation}"

    def save(self, *args, **kwargs):
        if self.programme_id is None:
            self.programme_id = self.investigation.programme_id
        super().save(*args, **kwargs)


def end_of_following_week(day: datetime.date) -> datetime.date:
    """The Sunday of the week after the one that contains `day`."""
    return day - datetime.timedelta(days=day.weekday()) + datetime.timedelta(days=13)


class WeeklySession(models.Model):
    """The investigation day of one week."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="sessions"
    )
    week = models.PositiveSmallIntegerField(_("semaine"))
    date = models.DateField(_("date"))
    # The SEQUENCE of its calendar event (RFC 5545): raised each time the date moves
    # (a holiday, a programme change), so that subscribed calendars replace the old date.
    sequence = models.PositiveIntegerField(_("révision du calendrier"), default=0, editable=False)

    class Meta:
        verbose_name = _("séance hebdomadaire")
        verbose_name_plural = _("séances hebdomadaires")
        ordering = ["investigation", "week"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "week"], name="one_session_per_week")
        ]

    def __str__(self):
        return f"{self.investigation} — semaine {self.week}"

    def save(self, *args, **kwargs):
        # Whoever moves a session through save() raises its calendar sequence; bulk
        # updates go through investigations.schedule.sessions_reschedule, which does too.
        loaded = getattr(self, "_loaded_date", None)
        if self.pk and loaded is not None and self.date != loaded:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence"}
        super().save(*args, **kwargs)
        self._loaded_date = self.date

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        session = super().from_db(db, field_names, values, *args, **kwargs)
        session._loaded_date = session.__dict__.get("date")
        return session

    @property
    def log_deadline(self) -> datetime.date:
        """Its log may be written and edited until the end of the following week."""
        return end_of_following_week(self.date)


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excusé")

    session = models.ForeignKey(WeeklySession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("présence"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("relevée le"), auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_session")
        ]

    def __str__(self):
        return f"{self.user} — {self.session} : {self.get_status_display()}"


class Milestone(models.Model):
    """The steps the coaches use, dated by programme week."""

    class Kind(models.TextChoices):
        PUBLIC_PAGE = "public_page", _("Page publique du problème")
        MID_POINT = "mid_point", _("Point d’étape à mi-parcours")
        REHEARSAL = "rehearsal", _("Répétition du comité")
        COMMITTEE = "committee", _("Comité d’investissement")
        RESTITUTION = "restitution", _("Restitution")

    # The week each step is due; the restitution falls on the programme's last week.
    DUE_WEEKS = {
        Kind.PUBLIC_PAGE: 3,
        Kind.MID_POINT: 4,
        Kind.REHEARSAL: 8,
        Kind.COMMITTEE: 9,
        Kind.RESTITUTION: None,
    }

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("étape"), max_length=20, choices=Kind.choices)
    due_week = models.PositiveSmallIntegerField(_("semaine prévue"))
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)
    note = BoundedTextField(max_length=text.NOTE, verbose_name=_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Incremented on each save, to report concurrent edits instead of overwriting them.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["investigation", "due_week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "kind"], name="one_milestone_per_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.investigation}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
