import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class CalendarFeedQuerySet(models.QuerySet):
    def usable(self):
        """Feeds whose owner may still read them: an anonymised or deactivated account's
        link answers 404 even before its row is deleted."""
        return self.filter(user__is_active=True, user__anonymised_at__isnull=True)


class CalendarFeed(models.Model):
    """A person's secret calendar link (/calendrier/<token>.ics). The token is the only
    credential, as calendar apps cannot sign in: it is long, random, and replaced or
    deleted by its owner at will (Mon compte), and deleted on anonymisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d’agenda")
        verbose_name_plural = _("liens d’agenda")

    def __str__(self):
        return str(self.user)

    @classmethod
    @transaction.atomic
    def regenerate(cls, user) -> "CalendarFeed":
        """A new secret for `user`; the former link stops working at once."""
        feed, _created = cls.objects.update_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        return feed

    @classmethod
    def revoke(cls, user) -> None:
        cls.objects.filter(user=user).delete()
