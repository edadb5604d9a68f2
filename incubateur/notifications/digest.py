"""The Monday-morning digest: what the apps' registered sections have to tell each of their
followers about the week before (incubateur.notifications.registry.DigestSection).

It goes out from 8:00 on the first working day of the week (Tuesday after Easter Monday);
a late run still sends it until Wednesday. It is the only optional email: a signed link
unsubscribes in one click, and the preference page subscribes again."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications import registry, timing
from incubateur.notifications.message import Due, Message, Skip
from incubateur.notifications.models import EmailPreference

LAST_WEEKDAY = 2  # Wednesday: after that, next Monday's digest is closer.


def compose(user, monday: datetime.date, now: datetime.datetime) -> list[dict]:
    """Each section with something to tell `user`, in the sections' order: its templates
    and what it renders."""
    composed = []
    for section in registry.digest_sections():
        content = section.build(user, monday, now)
        if content:
            composed.append(
                {
                    "name": section.name,
                    "text": f"{section.template}.txt",
                    "html": f"{section.template}.html",
                    "content": content,
                }
            )
    return composed


class DigestMessage(Message):
    """Its object is the recipient; its period the ISO week ("2026-W48")."""

    kind = "digest"
    label = gettext_lazy("Récapitulatif hebdomadaire")
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
        sections = registry.digest_sections()
        if not self.in_window(now) or not sections:
            return []
        week = timing.iso_week(timing.local(now).date())
        followed = Q()
        for section in sections:
            followed |= Q(pk__in=section.followers().values("pk"))
        followers = (
            get_user_model()
            .objects.filter(followed, is_active=True)
            .exclude(email_preference__digest=False)
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
        sections = compose(user, monday, now)
        if not sections:
            raise Skip(_("Rien à signaler cette semaine."))
        return {
            "sections": sections,
            "since": monday - datetime.timedelta(days=7),
            "until": monday - datetime.timedelta(days=1),
        }

    def action(self, notification, user):
        return _("Ouvrir mon espace de suivi"), reverse("home")


registry.register(DigestMessage())
