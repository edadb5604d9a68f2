"""Every email the platform sends, recorded before it is sent.

A notification is unique on (kind, recipient, object, period): "send once" is a database
constraint, not a hope. Its status moves from pending to sending (claimed by one worker
for a lease) to sent, or to skipped (no longer relevant when its turn came) or failed
(after the last retry). A row left pending (the broker was down when it was published) or
stuck in sending (its worker died) is published again by the frequent
`send_due_notifications` task: nothing depends on a message surviving in the broker.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incubateur.notifications import registry

# A worker that claimed a notification this long ago and is still sending it is presumed
# dead (killed, out of memory): another one may claim it. Longer than `deliver`'s hard time
# limit, which ends a send still running (prefork pool), itself longer than an SMTP
# exchange (each step times out after 10 s): no live worker holds an expired claim.
DELIVERY_TIME_LIMIT = 120  # seconds
SENDING_LEASE = datetime.timedelta(minutes=3)
# A notification published, or released for a retry, is left to its task this long before
# the sweep publishes it again: longer than the longest retry delay (5 minutes).
LEASE = datetime.timedelta(minutes=10)
# Past this many claims (crashes included), a notification is given up as failed.
MAX_ATTEMPTS = 10


class NotificationQuerySet(models.QuerySet):
    def claimable(self, now: datetime.datetime):
        return self.filter(
            Q(status=Notification.Status.PENDING)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - SENDING_LEASE),
            attempts__lt=MAX_ATTEMPTS,
        )

    def to_publish(self, now: datetime.datetime):
        """What no worker is about to deliver: pending rows never published (or whose
        publication failed or is older than the lease), except those waiting for the retry
        of a recent attempt; and rows claimed by a worker that did not finish in time."""
        stale = now - LEASE
        not_queued = Q(queued_at__isnull=True) | Q(queued_at__lt=stale)
        # Its message was consumed by the worker that died holding the claim.
        abandoned = Q(status=Notification.Status.SENDING, queued_at__lt=F("claimed_at"))
        return self._idle(now).filter(not_queued | abandoned, attempts__lt=MAX_ATTEMPTS)

    def exhausted(self, now: datetime.datetime):
        return self._idle(now).filter(attempts__gte=MAX_ATTEMPTS)

    def _idle(self, now):
        """Pending and not waiting for the retry of a recent attempt, or claimed by a
        worker that did not finish within the sending lease."""
        stale = now - LEASE
        not_retrying = Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
        return self.filter(
            (Q(status=Notification.Status.PENDING) & not_retrying)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=now - SENDING_LEASE)
        )


class Notification(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        SENDING = "sending", _("En cours d’envoi")
        SENT = "sent", _("Envoyée")
        SKIPPED = "skipped", _("Sans objet")
        FAILED = "failed", _("En échec")

    # Each app registers its kinds (incubateur.notifications.registry).
    kind = models.CharField(_("type"), max_length=30, choices=registry.choices)
    # A user, or only an address for people without an account yet (invitations).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    email = models.EmailField(
        _("adresse"), blank=True, help_text=_("L’adresse à laquelle le courriel est envoyé.")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    # What makes it unique in time: "once", a day ("2026-11-26") or a week ("2026-W48").
    period = models.CharField(_("période"), max_length=20, default="once")
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    queued_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    error = models.TextField(_("erreur ou motif"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "content_type", "object_id", "period"],
                condition=Q(recipient__isnull=False),
                name="notification_once_per_recipient",
            ),
            models.UniqueConstraint(
                fields=["kind", "email", "content_type", "object_id", "period"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_address",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="notification_has_a_recipient",
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient or self.email} ({self.period})"

    @classmethod
    def claim(cls, pk: int, now: datetime.datetime) -> bool:
        """Take the notification for this worker, in one conditional UPDATE: False when it
        was already sent, or another worker holds a live claim on it."""
        return bool(
            cls.objects.claimable(now)
            .filter(pk=pk)
            .update(status=cls.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )

    def _finish(self, **fields) -> None:
        # Only the holder of the claim may finish it: a worker whose lease ran out and was
        # re-claimed by another must not overwrite the other's outcome.
        type(self).objects.filter(
            pk=self.pk, status=self.Status.SENDING, claimed_at=self.claimed_at
        ).update(**fields)

    def mark_sent(self, email: str) -> None:
        self._finish(status=self.Status.SENT, sent_at=timezone.now(), email=email, error="")

    def mark_skipped(self, reason: str) -> None:
        self._finish(status=self.Status.SKIPPED, error=reason)

    def mark_failed(self, error: str) -> None:
        self._finish(status=self.Status.FAILED, error=error)

    def release(self, error: str) -> None:
        """Back to pending for a retry; claimed_at keeps the time of this attempt, so that
        the sweep leaves the row to its scheduled retry."""
        self._finish(status=self.Status.PENDING, error=error)


class EmailPreference(models.Model):
    """What a person accepts to receive beyond the emails their role requires."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    digest = models.BooleanField(
        _("recevoir le récapitulatif hebdomadaire"),
        default=True,
        help_text=_(
            "Chaque lundi matin : les journaux de la semaine, les commentaires qui attendent "
            "une réponse, les demandes d’aide ouvertes et les investigations à l’arrêt."
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de courriels")
        verbose_name_plural = _("préférences de courriels")

    def __str__(self):
        return str(self.user)

    @classmethod
    def wants_digest(cls, user) -> bool:
        return not cls.objects.filter(user=user, digest=False).exists()

    @classmethod
    def set_digest(cls, user, wanted: bool) -> "EmailPreference":
        preference, _created = cls.objects.update_or_create(user=user, defaults={"digest": wanted})
        return preference
