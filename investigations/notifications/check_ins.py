"""The check-ins after the investment committee (investigations.check_ins): at 3, 6 and
12 months, from 9:00 on a working day, the team and the collectivité's referents are asked
once per check-in; a week after that email, those who have not answered get a reminder.
Both are derived from the database (the committee's date, the emails sent, the answers)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications import timing
from incubateur.notifications.message import Due, Message
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import register
from investigations import check_ins
from investigations.models import CheckInAnswer, Investigation
from investigations.models.check_ins import CHECK_IN_MONTHS

CHECK_IN_FROM = datetime.time(9)


def _answered(investigation, month: int, user) -> bool:
    return CheckInAnswer.objects.filter(
        investigation=investigation, month=month, respondent=user
    ).exists()


class CheckInMessage(Message):
    kind = "check_in"
    label = gettext_lazy("Point de suivi après le comité")
    model = Investigation
    related = ("committee_review", "submission__collectivity", "programme")
    template = "investigations/emails/check_in"
    reminder = True

    @staticmethod
    def _started(now) -> bool:
        local = timing.local(now)
        return timing.is_working_day(local.date()) and local.time() >= CHECK_IN_FROM

    def due(self, now):
        if not self._started(now):
            return []
        today = timing.local(now).date()
        due = [
            (month, investigation)
            for month in CHECK_IN_MONTHS
            for investigation in check_ins.investigations_due(
                today, month, since=check_ins.ASKED_FOR
            )
        ]
        # Who is asked and who already answered, in a few queries for every due check-in.
        asked = check_ins.recipients_of([investigation for _month, investigation in due])
        answered = set(
            CheckInAnswer.objects.filter(investigation__in=asked).values_list(
                "investigation", "month", "respondent"
            )
        )
        return [
            Due(self.kind, user, investigation, check_ins.period_of(month))
            for month, investigation in due
            for user in asked[investigation.pk]
            if (investigation.pk, month, user.pk) not in answered
        ]

    def skip_reason(self, notification, investigation, now):
        month = check_ins.month_of(notification.period)
        day = check_ins.due_on(investigation, month)
        today = timing.local(now).date()
        if day is None or not day <= today <= day + check_ins.ASKED_FOR:
            return _("Ce point de suivi n’est pas dû.")
        if not check_ins.recipients(investigation).filter(pk=notification.recipient_id).exists():
            return _("Le destinataire ne fait plus partie de l’équipe ni des référents.")
        if _answered(investigation, month, notification.recipient):
            return _("Le destinataire a déjà répondu.")
        return ""

    def context(self, notification, investigation, now):
        month = check_ins.month_of(notification.period)
        return {
            "investigation": investigation,
            "month": month,
            "decision": investigation.committee_review.get_decision_display(),
        }

    def action(self, notification, investigation):
        month = check_ins.month_of(notification.period)
        path = reverse("investigations:check_in", args=[investigation.pk, month])
        return _("Répondre au point de suivi"), path


class CheckInReminderMessage(CheckInMessage):
    """A week after the check-in was sent, to those who have not answered."""

    kind = "check_in_reminder"
    label = gettext_lazy("Relance du point de suivi")
    template = "investigations/emails/check_in_reminder"

    def due(self, now):
        if not self._started(now):
            return []
        sent = Notification.objects.filter(
            kind=CheckInMessage.kind,
            status=Notification.Status.SENT,
            sent_at__lte=now - check_ins.REMINDER_AFTER,
            sent_at__gte=now - check_ins.ASKED_FOR,
            content_type__model="investigation",
        ).select_related("recipient")
        investigations = Investigation.objects.in_bulk({n.object_id for n in sent})
        answered = set(
            CheckInAnswer.objects.filter(investigation__in=investigations).values_list(
                "investigation", "month", "respondent"
            )
        )
        return [
            Due(self.kind, n.recipient, investigations[n.object_id], n.period)
            for n in sent
            if n.object_id in investigations
            and (n.object_id, check_ins.month_of(n.period), n.recipient_id) not in answered
        ]


register(CheckInMessage())
register(CheckInReminderMessage())
