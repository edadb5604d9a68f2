"""What every kind of notification shares: loading its object, deciding whether it is still
worth sending, and rendering a French email (text and HTML) with its action link first."""

import abc
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template import Context
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import TemplateDoesNotExist, get_template, render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from incubateur.notifications import timing
from incubateur.notifications.models import Notification

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class Skip(Exception):
    """Raised while rendering: the notification turns out not to be worth sending."""


@dataclass(frozen=True)
class Due:
    """A notification that the schedule says must exist now."""

    kind: str
    recipient: models.Model
    obj: models.Model
    period: str


class Message(abc.ABC):
    """One kind of notification. Subclasses name their model and template and say when the
    notification is no longer relevant (`skip_reason`) and what the email shows."""

    # Stored in Notification.kind; the label names the kind in the admin.
    kind: str
    label: str
    model: type[models.Model]
    related: tuple[str, ...] = ()
    # `<template>_subject.txt` and `<template>_body.txt`; `<template>_body.html` if it
    # exists, else the text body with its links made clickable.
    template: str
    # Reminders never go out on a weekend or a French public holiday.
    reminder = False
    # Only optional emails (digests) carry an unsubscribe link.
    optional = False

    def load(self, notification: Notification):
        objects = self.model._default_manager.filter(pk=notification.object_id)
        return (objects.select_related(*self.related) if self.related else objects).first()

    def skip_reason(self, notification: Notification, obj, now: datetime.datetime) -> str:
        """Why this notification should not be sent any more (empty: send it)."""
        return ""

    def context(self, notification: Notification, obj, now: datetime.datetime) -> dict:
        """What the templates show; may raise Skip when it shows there is nothing to say."""
        return {}

    @abc.abstractmethod
    def action(self, notification: Notification, obj) -> tuple[str, str]:
        """The label and path of the link the email is about."""

    def due(self, now: datetime.datetime) -> list[Due]:
        """Scheduled kinds: what must be sent at `now`. Others are created by services."""
        return []

    def recipients(self, obj) -> models.QuerySet:
        """Who must hear of `obj`, for the kinds created by `notify_recipients`."""
        raise TypeError(f"Notification kind {self.kind!r} does not name its recipients.")

    def check(self, notification: Notification, obj, now: datetime.datetime) -> str:
        if obj is None:
            return _("L’objet de la notification n’existe plus.")
        recipient = notification.recipient
        if recipient is not None and not recipient.is_active:
            return _("Le compte du destinataire est désactivé.")
        if self.reminder and not timing.is_working_day(timing.local(now).date()):
            return _("Pas de rappel un jour férié ni le week-end.")
        return self.skip_reason(notification, obj, now)

    def render(self, notification: Notification, obj, now: datetime.datetime):
        address = notification.recipient.email if notification.recipient else notification.email
        label, path = self.action(notification, obj)
        context = {
            "site_url": settings.SITE_URL,
            "recipient": notification.recipient,
            "url": path,
            "action_label": label,
            "action_url": settings.SITE_URL + path,
            **self.context(notification, obj, now),
        }
        # The kind helps to trace an email in the mail server's logs (and in tests).
        headers = {"Auto-Submitted": "auto-generated", "X-Notification-Kind": str(self.kind)}
        if self.optional and notification.recipient:
            unsubscribe = settings.SITE_URL + unsubscribe_path(notification.recipient)
            context["unsubscribe_url"] = unsubscribe
            context["preferences_url"] = settings.SITE_URL + reverse("notifications:preferences")
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        # A subject is plain text: what the user typed (an apostrophe, a "<"), unescaped.
        subject_template = get_template(f"{self.template}_subject.txt").template
        subject = " ".join(subject_template.render(Context(context, autoescape=False)).split())
        text = render_to_string(f"{self.template}_body.txt", context).strip()
        try:
            html = get_template(f"{self.template}_body.html").render(context)
        except TemplateDoesNotExist:
            html = linebreaks_filter(urlize(text, autoescape=True), autoescape=True)
        layout = {**context, "subject": subject, "body": text}
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("notifications/emails/layout.txt", layout),
            from_email=settings.NOTIFICATIONS_FROM_EMAIL,
            to=[address],
            reply_to=settings.NOTIFICATIONS_REPLY_TO,
            headers=headers,
        )
        email.attach_alternative(
            render_to_string("notifications/emails/layout.html", {**layout, "body": html}),
            "text/html",
        )
        return email


def unsubscribe_path(user) -> str:
    token = signing.dumps({"user": user.pk, "list": "digest"}, salt=UNSUBSCRIBE_SALT)
    return reverse("notifications:unsubscribe", args=[token])


def user_from_unsubscribe_token(token: str):
    """The user an unsubscribe link was made for, or None if it was tampered with."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if payload.get("list") != "digest":
        return None
    return get_user_model().objects.filter(pk=payload.get("user"), is_active=True).first()
