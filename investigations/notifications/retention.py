"""Admins are asked to erase the people-met details of a programme's logs once its
retention period is over (investigations.retention), from 9:00 on a working day, once."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications import timing
from incubateur.notifications.message import Due, Message
from incubateur.notifications.registry import register
from investigations.retention import programmes_due_for_purge
from programmes.models import Programme

ASK_FROM = datetime.time(9)


class PeopleMetPurgeDueMessage(Message):
    kind = "people_met_purge_due"
    label = gettext_lazy("Détails des personnes rencontrées à effacer")
    model = Programme
    template = "investigations/emails/people_met_purge_due"
    reminder = True

    def due(self, now):
        local = timing.local(now)
        if not timing.is_working_day(local.date()) or local.time() < ASK_FROM:
            return []
        admins = list(get_user_model().objects.filter(is_active=True, is_staff=True))
        return [
            Due(self.kind, admin, programme, "once")
            for programme in programmes_due_for_purge(now)
            for admin in admins
        ]

    def skip_reason(self, notification, programme, now):
        if not programmes_due_for_purge(now).filter(pk=programme.pk).exists():
            return _("Les détails des personnes rencontrées sont déjà effacés.")
        return ""

    def context(self, notification, programme, now):
        return {"programme": programme, "days": settings.PEOPLE_MET_RETENTION_DAYS}

    def action(self, notification, programme):
        return _("Voir le programme"), reverse("programmes:programme_detail", args=[programme.slug])


register(PeopleMetPurgeDueMessage())
