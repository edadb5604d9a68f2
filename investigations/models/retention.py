from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme


class PeopleMetPurge(models.Model):
    """The erasure of the people-met details of one programme's logs, once."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="people_met_purge"
    )
    purged_at = models.DateTimeField(_("effacé le"), auto_now_add=True)
    logs = models.PositiveIntegerField(_("journaux concernés"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("effacement des personnes rencontrées")
        verbose_name_plural = _("effacements des personnes rencontrées")

    def __str__(self):
        return str(self.programme)
