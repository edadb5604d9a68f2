"""The Monday-morning digest of each coach and designer: for every programme they follow in
its investigation phase, the logs submitted the week before, the intrapreneurs' comments
still awaiting an answer, the open help requests and the stalled investigations.

It goes out from 8:00 on the first working day of the week (Tuesday after Easter Monday);
a late run still sends it until Wednesday. It is the only optional email: a signed link
unsubscribes in one click, and the preference page subscribes again."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from incubateur.notifications import timing
from incubateur.notifications.message import Due, Message, Skip
from incubateur.notifications.models import EmailPreference, Notification
from investigations.models import Comment, Investigation, TeamMembership, WeeklyLog
from investigations.progress import Progress, with_progress
from programmes.models import Programme

LAST_WEEKDAY = 2  # Wednesday: after that, next Monday's digest is closer.


@dataclass
class ProgrammeDigest:
    programme: Programme
    new_logs: list = field(default_factory=list)
    awaiting_comments: list = field(default_factory=list)
    help_requests: list = field(default_factory=list)
    stalled: list = field(default_factory=list)  # (investigation, progress)

    @property
    def is_empty(self) -> bool:
        return not (self.new_logs or self.awaiting_comments or self.help_requests or self.stalled)


def _team_member():
    """The comment's author is in its investigation's team (for a Comment queryset)."""
    members = TeamMembership.objects.filter(
        investigation=OuterRef("investigation"), user=OuterRef("author")
    )
    return Exists(members)


def comments_awaiting_an_answer():
    """Intrapreneurs' comments after which nobody outside the team has written."""
    answers = Comment.objects.filter(
        investigation=OuterRef("investigation"), created_at__gt=OuterRef("created_at")
    ).exclude(_team_member())
    return Comment.objects.filter(_team_member()).exclude(Exists(answers))


def programmes_followed_by(user):
    return Programme.objects.followed_by(user).filter(status=Programme.Status.INVESTIGATION)


def build_digest(user, monday: datetime.date, now: datetime.datetime) -> list[ProgrammeDigest]:
    """What changed in the user's programmes during the week before `monday`: five
    queries whatever the number of programmes."""
    digests = {p.pk: ProgrammeDigest(p) for p in programmes_followed_by(user).order_by("name")}
    start, end = (
        timing.at(monday - datetime.timedelta(days=7), datetime.time(0)),
        timing.at(monday, datetime.time(0)),
    )
    logs = WeeklyLog.objects.filter(investigation__programme__in=digests).select_related(
        "investigation__submission"
    )
    for log in (
        logs.submitted()
        .filter(submitted_at__gte=start, submitted_at__lt=end)
        .order_by("investigation__submission__title", "week")
    ):
        digests[log.investigation.programme_id].new_logs.append(log)
    for log in logs.with_open_help_request().order_by("submitted_at"):
        digests[log.investigation.programme_id].help_requests.append(log)
    comments = (
        comments_awaiting_an_answer()
        .filter(investigation__programme__in=digests)
        .select_related("author", "investigation__submission")
        .order_by("created_at")
    )
    for comment in comments:
        digests[comment.investigation.programme_id].awaiting_comments.append(comment)
    investigations = with_progress(
        Investigation.objects.filter(programme__in=digests).select_related(
            "programme", "submission"
        ),
        timing.local(now).date(),
    )
    for investigation in investigations:
        progress = Progress.of(investigation, now)
        if progress.status == Progress.STALLED:
            digests[investigation.programme_id].stalled.append((investigation, progress))
    return list(digests.values())


class DigestMessage(Message):
    """Its object is the recipient; its period the ISO week ("2026-W48")."""

    kind = Notification.Kind.DIGEST
    model = get_user_model()
    template = "notifications/emails/digest"
    optional = True

    @staticmethod
    def in_window(now) -> bool:
        local = timing.local(now)
        return (
            timing.is_working_day(local.date())
            and local.date().weekday() <= LAST_WEEKDAY
            and local.time() >= timing.DIGEST_FROM
        )

    def due(self, now):
        if not self.in_window(now):
            return []
        week = timing.iso_week(timing.local(now).date())
        followers = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(coached_programmes__status=Programme.Status.INVESTIGATION)
                | Q(designed_programmes__status=Programme.Status.INVESTIGATION)
            )
            .exclude(email_preference__digest=False)
            .distinct()
        )
        return [Due(self.kind, user, user, week) for user in followers]

    def skip_reason(self, notification, user, now):
        if not EmailPreference.wants_digest(user):
            return _("Le destinataire s’est désabonné du récapitulatif.")
        this_week = timing.iso_week(timing.local(now).date()) == notification.period
        if not (this_week and self.in_window(now)):
            return _("La semaine de ce récapitulatif est passée.")
        return ""

    def context(self, notification, user, now):
        monday = timing.monday_of(notification.period)
        digests = [d for d in build_digest(user, monday, now) if not d.is_empty]
        if not digests:
            raise Skip(_("Rien à signaler cette semaine."))
        return {
            "digests": digests,
            "since": monday - datetime.timedelta(days=7),
            "until": monday - datetime.timedelta(days=1),
        }

    def action(self, notification, user):
        return _("Ouvrir mon espace de suivi"), reverse("home")
