"""Scheduled reminders, each selected from the database at a given time (`due`) and checked
again just before it is sent (`skip_reason`), so that a late run sends what was missed
unless it no longer makes sense.

- the investigation day, from 17:00: intrapreneurs whose week has no submitted log;
- the next working day, from 9:00, until the next week's session: a second reminder;
- from 9:00, when an investigation has two missed weeks (investigations.progress): the
  coach, once per newly missed week.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications import timing
from incubateur.notifications.message import Due, Message, Skip
from incubateur.notifications.registry import register
from investigations.models import Investigation, WeeklyLog, WeeklySession
from investigations.progress import Progress, with_progress
from programmes.models import Programme

SESSION_REMINDER_FROM = datetime.time(17)
SECOND_REMINDER_FROM = datetime.time(9)
COACH_ALERT_FROM = datetime.time(9)
WEEK = datetime.timedelta(days=7)


def _submitted_log():
    """A submitted log for the session's week (for a WeeklySession queryset)."""
    return Exists(
        WeeklyLog.objects.submitted().filter(
            investigation=OuterRef("investigation"), week=OuterRef("week")
        )
    )


def _active_team():
    return Prefetch("investigation__team", queryset=get_user_model().objects.filter(is_active=True))


class SessionReminderMessage(Message):
    """On the investigation day itself, from 17:00."""

    kind = "session_reminder"
    label = gettext_lazy("Rappel du journal, jour d’investigation")
    model = WeeklySession
    related = ("investigation__programme", "investigation__submission")
    template = "investigations/emails/session_reminder"
    reminder = True
    starts = SESSION_REMINDER_FROM

    def window(self, session) -> tuple[datetime.datetime, datetime.datetime]:
        """From when until when the reminder of this session makes sense."""
        return (
            timing.at(session.date, self.starts),
            timing.at(session.date + datetime.timedelta(days=1), datetime.time(0)),
        )

    def in_window(self, session, now) -> bool:
        start, end = self.window(session)
        return start <= now < end

    def candidate_sessions(self, today: datetime.date):
        return WeeklySession.objects.filter(date=today)

    def due(self, now):
        today = timing.local(now).date()
        if not timing.is_working_day(today):
            return []
        sessions = (
            self.candidate_sessions(today)
            .filter(investigation__programme__status=Programme.Status.INVESTIGATION)
            .exclude(_submitted_log())
            .select_related("investigation__submission")  # what the command prints
            .prefetch_related(_active_team())
        )
        return [
            Due(self.kind, user, session, session.date.isoformat())
            for session in sessions
            if self.in_window(session, now)
            for user in session.investigation.team.all()
        ]

    def skip_reason(self, notification, session, now):
        investigation = session.investigation
        if investigation.programme.status != Programme.Status.INVESTIGATION:
            return _("Le programme n’est plus en phase d’investigation.")
        if not self.in_window(session, now):
            return _("Le moment de ce rappel est passé.")
        if (
            WeeklyLog.objects.submitted()
            .filter(investigation=investigation, week=session.week)
            .exists()
        ):
            return _("Le journal de la semaine a été envoyé.")
        if not investigation.team.filter(pk=notification.recipient_id).exists():
            return _("Le destinataire n’est plus dans l’équipe.")
        return ""

    def context(self, notification, session, now):
        return {"session": session, "investigation": session.investigation}

    def action(self, notification, session):
        path = reverse("investigations:log_form", args=[session.investigation_id, session.week])
        return _("Écrire le journal de la semaine %(week)s") % {"week": session.week}, path


class SessionSecondReminderMessage(SessionReminderMessage):
    """The next working day from 9:00, and until the next week's session (a late run still
    sends it, as long as the log is missing)."""

    kind = "session_second_reminder"
    label = gettext_lazy("Second rappel du journal")
    template = "investigations/emails/session_second_reminder"
    starts = SECOND_REMINDER_FROM

    def window(self, session):
        return (
            timing.at(timing.next_working_day(session.date), self.starts),
            timing.at(session.date + WEEK, datetime.time(0)),
        )

    def candidate_sessions(self, today):
        return WeeklySession.objects.filter(date__lt=today, date__gte=today - WEEK)


class CoachAlertMessage(Message):
    """Two missed weeks or more (the progress rules): the coach hears of it once for each
    newly missed week. The period is the date of the latest missed session."""

    kind = "coach_alert"
    label = gettext_lazy("Alerte au coach : semaines sans journal")
    model = Investigation
    related = ("programme__coach", "submission")
    template = "investigations/emails/coach_alert"
    reminder = True

    @staticmethod
    def with_missed_weeks(queryset, now):
        today = timing.local(now).date()
        latest_missed = (
            WeeklySession.objects.filter(investigation=OuterRef("pk"), date__lte=today - WEEK)
            .exclude(_submitted_log())
            .order_by("-date")
            .values("date")[:1]
        )
        investigations = with_progress(queryset, today).annotate(latest_missed=latest_missed)
        return [
            (investigation, progress)
            for investigation in investigations.select_related("programme", "submission")
            if (progress := Progress.of(investigation, now)).missed_weeks >= 2
        ]

    def due(self, now):
        local = timing.local(now)
        if not timing.is_working_day(local.date()) or local.time() < COACH_ALERT_FROM:
            return []
        investigations = Investigation.objects.filter(
            programme__status=Programme.Status.INVESTIGATION,
            programme__coach__is_active=True,
        ).select_related("programme__coach")
        return [
            Due(self.kind, i.programme.coach, i, i.latest_missed.isoformat())
            for i, _progress in self.with_missed_weeks(investigations, now)
        ]

    def skip_reason(self, notification, investigation, now):
        programme = investigation.programme
        if programme.status != Programme.Status.INVESTIGATION:
            return _("Le programme n’est plus en phase d’investigation.")
        if notification.recipient_id != programme.coach_id:
            return _("Le destinataire n’est plus le coach du programme.")
        return ""

    def context(self, notification, investigation, now):
        missed = self.with_missed_weeks(Investigation.objects.filter(pk=investigation.pk), now)
        if not missed or missed[0][0].latest_missed.isoformat() != notification.period:
            raise Skip(_("Les journaux manquants ont été envoyés depuis."))
        [(annotated, progress)] = missed
        return {"investigation": annotated, "progress": progress}

    def action(self, notification, investigation):
        path = reverse("investigations:investigation_detail", args=[investigation.pk])
        return _("Voir l’investigation"), path


register(SessionReminderMessage())
register(SessionSecondReminderMessage())
register(CoachAlertMessage())
