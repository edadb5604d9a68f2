"""The warning sent before an inactive account is anonymised (a Notification, like every
email of the platform)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications.message import Message
from incubateur.notifications.registry import register
from incubateur.privacy.periods import anonymisation_date


class InactivityWarningMessage(Message):
    """Its object is the account itself; its period, the day of the warning."""

    kind = "inactivity_warning"
    label = gettext_lazy("Compte inactif bientôt anonymisé")
    model = get_user_model()
    template = "privacy/emails/inactivity_warning"

    def skip_reason(self, notification, user, now):
        warned_at = user.inactivity_warned_at
        if user.anonymised_at or warned_at is None:
            return _("Le compte n’est plus en attente d’anonymisation.")
        if user.last_login and user.last_login > warned_at:
            return _("La personne s’est connectée depuis l’avertissement.")
        return ""

    def context(self, notification, user, now):
        last_activity = user.last_login or user.date_joined
        return {
            "last_activity": timezone.localdate(last_activity),
            "anonymised_on": anonymisation_date(user),
            "my_data_url": reverse("privacy:my_data"),
        }

    def action(self, notification, user):
        return _("Me connecter pour garder mon compte"), reverse("account_login")


register(InactivityWarningMessage())
