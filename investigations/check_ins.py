"""Check-ins at 3, 6 and 12 months after the investment committee: who is asked, when, and
who has answered (the notifications' schedule and the pages read this module)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from investigations.models import CheckInAnswer, Investigation, TeamMembership
from investigations.models.check_ins import CHECK_IN_MONTHS, add_months, check_in_due_on
from programmes.models import Membership, TransitionError

# A check-in is still asked (and reminded) this long after it is due; past it, the next
# one takes over.
ASKED_FOR = datetime.timedelta(days=60)
REMINDER_AFTER = datetime.timedelta(days=7)


def period_of(month: int) -> str:
    return f"{month}m"


def month_of(period: str) -> int:
    return int(period.removesuffix("m"))


def _asked(team, referents):
    # One subquery, not an OR across a join: PostgreSQL reads the few ids it yields
    # through the indexes instead of every user and every team membership.
    return (
        get_user_model()
        .objects.filter(pk__in=team.values("user").union(referents.values("user")), is_active=True)
        .order_by("last_name", "first_name", "pk")
    )


def _referents(collectivities):
    return Membership.objects.filter(collectivity__in=collectivities, role=Membership.Role.REFERENT)


def recipients(investigation):
    """The team and the referents of the problem's collectivité, with an active account."""
    return _asked(
        TeamMembership.objects.filter(investigation=investigation),
        _referents([investigation.submission.collectivity_id]),
    )


def recipients_of(investigations) -> dict[int, list]:
    """`recipients` of each investigation (with its submission), by its id: three
    queries whatever their number."""
    collectivity_of = {i.pk: i.submission.collectivity_id for i in investigations}
    if not collectivity_of:
        return {}
    team = TeamMembership.objects.filter(investigation__in=collectivity_of)
    referents = _referents(set(collectivity_of.values()))
    asked = defaultdict(set)
    for investigation_id, user_id in team.values_list("investigation", "user"):
        asked[investigation_id].add(user_id)
    referents_of = defaultdict(set)
    for collectivity_id, user_id in referents.values_list("collectivity", "user"):
        referents_of[collectivity_id].add(user_id)
    for investigation_id, collectivity_id in collectivity_of.items():
        asked[investigation_id] |= referents_of[collectivity_id]
    users = list(_asked(team, referents))  # in the order `recipients` gives
    return {
        investigation_id: [user for user in users if user.pk in asked[investigation_id]]
        for investigation_id in collectivity_of
    }


def may_answer(user, investigation) -> bool:
    return recipients(investigation).filter(pk=user.pk).exists()


def decided_on(investigation) -> datetime.date | None:
    review = getattr(investigation, "committee_review", None)
    return review.decided_on if review and review.decision else None


def due_on(investigation, month: int) -> datetime.date | None:
    decided = decided_on(investigation)
    return check_in_due_on(decided, month) if decided else None


def is_open(investigation, month: int, today: datetime.date) -> bool:
    """It may be answered from its due date on (and stays answerable later)."""
    day = due_on(investigation, month)
    return day is not None and day <= today


def investigations_due(today: datetime.date, month: int, *, since: datetime.timedelta):
    """Investigations whose `month` check-in fell due between `today - since` and today."""
    return Investigation.objects.filter(
        committee_review__decision__gt="",
        committee_review__decided_on__gte=add_months(today - since, -month),
        committee_review__decided_on__lte=add_months(today, -month),
    ).select_related("committee_review", "submission", "programme")


@dataclass
class CheckIn:
    """One check-in of an investigation, for its pages: when, and who said what."""

    month: int
    due_on: datetime.date
    is_open: bool
    answers: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # those asked who have not answered

    @property
    def label(self) -> str:
        return _("Point de suivi à %(month)s mois") % {"month": self.month}


def check_ins_of(investigation, today: datetime.date, *, answers=None, asked=None):
    """Every check-in of the investigation (none before the committee has decided).
    `answers` and `asked` may come prefetched (the answers; the people asked)."""
    decided = decided_on(investigation)
    if decided is None:
        return []
    if answers is None:
        answers = list(investigation.check_in_answers.select_related("respondent"))
    if asked is None:
        asked = list(recipients(investigation))
    result = []
    for month in CHECK_IN_MONTHS:
        day = check_in_due_on(decided, month)
        of_month = [answer for answer in answers if answer.month == month]
        answered = {answer.respondent_id for answer in of_month}
        result.append(
            CheckIn(
                month=month,
                due_on=day,
                is_open=day <= today,
                answers=of_month,
                missing=[user for user in asked if user.pk not in answered] if day <= today else [],
            )
        )
    return result


@transaction.atomic
def check_in_answer_save(
    *, investigation, month: int, by, today: datetime.date, **answer
) -> CheckInAnswer:
    if month not in CHECK_IN_MONTHS or not is_open(investigation, month, today):
        raise TransitionError(_("Ce point de suivi n’est pas encore ouvert."))
    if not may_answer(by, investigation):
        raise TransitionError(
            _("Seuls l’équipe et les référents de la collectivité répondent au point de suivi.")
        )
    saved, _created = CheckInAnswer.objects.update_or_create(
        investigation=investigation, month=month, respondent=by, defaults=answer
    )
    record(
        actor=by,
        action=Action.CHECK_IN_ANSWERED,
        target=investigation,
        changes={"month": month, "status": saved.status},
    )
    return saved
