"""Creating notifications: the apps' services call these inside their transaction; the row
commits with their change, and `deliver` is published once it has."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from incubateur.notifications import registry, tasks
from incubateur.notifications.models import Notification


def notify(*, kind: str, obj, recipient=None, email: str = "", period: str = "once"):
    """Record that `recipient` (a user, or only an `email` address) must receive this
    email about `obj` once for `period`, and publish it after the commit. Calling it again
    for the same key does nothing: the row already exists."""
    registry.message(kind)  # a kind no app registered fails here, not in the worker
    who = {"recipient": recipient} if recipient else {"recipient": None, "email": email}
    notification, created = Notification.objects.get_or_create(
        kind=kind,
        **who,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        period=period,
        defaults={"queued_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: tasks.publish([notification.pk]))
    return notification


def notify_recipients(*, kind: str, obj) -> None:
    """Notify each of the recipients that the app declaring `kind` names for `obj`: a
    lower app tells of its change, the app above it knows who must hear of it."""
    for recipient in registry.message(kind).recipients(obj):
        notify(kind=kind, obj=obj, recipient=recipient)
