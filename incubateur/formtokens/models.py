"""One click, one row: each form that creates something (or sends an email) carries a
random token; the service that does the work first records the token, in its own
transaction. A second post of the same form (a double click, a reload of the POST) finds
the token taken and does nothing.

Why a table and not a natural key: a comment, a hypothesis or a report request may be
posted twice on purpose with the same content; only the form instance tells a double
click from a second comment. The unique index makes the check atomic (on PostgreSQL the
second insert waits for the first transaction, then fails); a rolled back save frees the
token, so that a form refused for an error can be sent again."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Long enough for any double click, reload or retry of a browser.
KEEP_FOR = datetime.timedelta(days=2)


class UsedFormToken(models.Model):
    token = models.CharField(_("jeton"), max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(_("utilisé le"), default=timezone.now)

    class Meta:
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self):
        return self.token
