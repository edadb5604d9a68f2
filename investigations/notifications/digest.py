"""The investigations' part of the Monday digest (incubateur.notifications.digest), to each
coach and designer: for every programme they follow in its investigation phase, the logs
submitted the week before, the intrapreneurs' comments still awaiting an answer, the open
help requests and the stalled investigations."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from incubateur.notifications import timing
from incubateur.notifications.registry import DigestSection, register_digest
from investigations.models import Comment, Investigation, TeamMembership, WeeklyLog
from investigations.progress import Progress, with_progress
from programmes.models import Programme


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


def followers():
    """The coaches and designers of a programme in its investigation phase."""
    return get_user_model().objects.filter(
        Q(coached_programmes__status=Programme.Status.INVESTIGATION)
        | Q(designed_programmes__status=Programme.Status.INVESTIGATION)
    )


def week_of(user, monday: datetime.date, now: datetime.datetime) -> list[ProgrammeDigest]:
    """The user's programmes that have something to tell."""
    return [digest for digest in build_digest(user, monday, now) if not digest.is_empty]


register_digest(
    DigestSection(
        name="investigations",
        followers=followers,
        build=week_of,
        template="investigations/emails/digest_programmes",
    )
)
