"""The groundwork's own parts of the export and the anonymisation: the account, its
addresses and logins, the emails, the calendar link and the audit trail. The domain apps
register theirs in their own `privacy.py`; the positions interleave them all."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.db.models import Q

from incubateur.audit.models import AuditEvent
from incubateur.calendars.models import CalendarFeed
from incubateur.notifications.models import EmailPreference, Notification
from incubateur.privacy.registry import registry

# The export


@registry.section("account", position=10)
def account(subject) -> dict:
    user = subject.user
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_admin": user.is_admin,
        "inactivity_warned_at": user.inactivity_warned_at,
    }


@registry.section("email_addresses", position=20)
def email_addresses(subject) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in subject.email_addresses
    ]


@registry.section("social_accounts", position=30)
def social_accounts(subject) -> list[dict]:
    # The provider and the person's identifier there; never tokens.
    return [
        {
            "provider": account.provider,
            "uid": account.uid,
            "date_joined": account.date_joined,
            "last_login": account.last_login,
        }
        for account in SocialAccount.objects.filter(user=subject.user).order_by("pk")
    ]


@registry.section("calendar_link_created_at", position=140)
def calendar_link_created_at(subject):
    # The link itself is a secret: only whether there is one, and since when.
    return (
        CalendarFeed.objects.filter(user=subject.user).values_list("created_at", flat=True).first()
    )


def _notifications(subject):
    """Emails sent or due to them, and to their address before they had an account."""
    return Notification.objects.filter(
        Q(recipient=subject.user) | (Q(recipient__isnull=True) & subject.same_address)
    )


@registry.section("notifications", position=200)
def notifications(subject) -> list[dict]:
    return [
        {
            "kind": notification.get_kind_display(),
            "status": notification.get_status_display(),
            "email": notification.email,
            "created_at": notification.created_at,
            "sent_at": notification.sent_at,
        }
        for notification in _notifications(subject).order_by("created_at", "pk")
    ]


@registry.section("email_preferences", position=210)
def email_preferences(subject) -> list[dict]:
    return [
        {"digest": preference.digest, "updated_at": preference.updated_at}
        for preference in EmailPreference.objects.filter(user=subject.user)
    ]


@registry.section("audit_events", position=220)
def audit_events(subject) -> list[dict]:
    """What they did, from the audit trail."""
    events = AuditEvent.objects.filter(actor=subject.user).order_by("created_at", "pk")
    return [
        {
            "at": event.created_at,
            "action": event.get_action_display(),
            "target": event.target_label,
            "changes": event.changes,
        }
        for event in events
    ]


# The anonymisation


@registry.erasure("email_addresses", position=10)
def erase_email_addresses(subject) -> None:
    EmailAddress.objects.filter(user=subject.user).delete()


@registry.erasure("social_accounts", position=20)
def erase_social_accounts(subject) -> None:
    SocialAccount.objects.filter(user=subject.user).delete()  # its tokens go with it


@registry.erasure("authenticators", position=30)
def erase_authenticators(subject) -> None:
    Authenticator.objects.filter(user=subject.user).delete()


@registry.erasure("notifications", position=50)
def erase_notifications(subject) -> None:
    _notifications(subject).delete()


@registry.erasure("email_preferences", position=60)
def erase_email_preferences(subject) -> None:
    EmailPreference.objects.filter(user=subject.user).delete()


@registry.erasure("calendar_link", position=70)
def erase_calendar_link(subject) -> None:
    CalendarFeed.revoke(subject.user)
