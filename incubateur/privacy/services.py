"""Erasing a person's identity (RGPD): on their request, or after a long inactivity.

What a person wrote in a programme (problems, candidacies, reviews, logs, hypotheses,
comments, conclusions, attendance) belongs to the collectivité and stays; only who they
are goes: their names, addresses, password, ProConnect link, memberships, notifications,
sessions and calendar link. Their contributions then read "Personne anonymisée"
(User.display_name)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from incubateur.notifications.services import notify
from incubateur.privacy.notifications import InactivityWarningMessage
from incubateur.privacy.periods import inactivity_period, warning_period
from incubateur.privacy.registry import Subject, registry

logger = logging.getLogger(__name__)

ANONYMISED_DOMAIN = "anonyme.invalid"


class AnonymisationRefused(Exception):
    """The account may not be anonymised; the message is for users."""


def anonymised_email(user) -> str:
    # Unique (the primary key) and undeliverable (.invalid is reserved by RFC 2606).
    return f"anonyme-{user.pk}@{ANONYMISED_DOMAIN}"


def anonymisation_refusal(user) -> str:
    """Why this account may not be anonymised now (empty: it may). The last active admin
    stays: without one, nobody could run the platform nor create another admin."""
    if not user.is_admin:
        return ""
    others = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(pk=user.pk)
    if others.exists():
        return ""
    return _(
        "Votre compte est le dernier compte d’administrateur actif : il ne peut pas être "
        "supprimé tant qu’un autre administrateur n’a pas été désigné."
    )


def addressed_to(emails) -> Q:
    """Rows whose `email` is one of these addresses, whatever its case. Callers pass the
    person's verified addresses only (`User.verified_emails()`): an unverified one may be
    someone else's."""
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(email__iexact=email)
    return condition


@transaction.atomic
def user_anonymise(user, *, reason: str, by=None) -> None:
    """Erase the identity of `user` for good, keeping what they wrote. Does nothing for an
    account already anonymised; raises AnonymisationRefused for the last admin. `by` is
    who asked (the person, an admin), None for the retention command."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at:
        return
    refusal = anonymisation_refusal(user)
    if refusal:
        raise AnonymisationRefused(refusal)
    now = timezone.now()
    subject = Subject(user=user, same_address=addressed_to(user.verified_emails()), now=now)
    # Each app's part (incubateur/privacy/registry.py): addresses, logins, memberships,
    # emails, calendar link, invitations, candidacies' manager.
    for erasure in registry.erasures():
        erasure.run(subject)

    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.job_title = ""
    user.email = anonymised_email(user)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = now
    user.inactivity_warned_at = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _delete_sessions(user, now)
    record(actor=by, action=Action.USER_ANONYMISED, target=user, changes={"reason": reason})
    logger.info("User %s anonymised (%s).", user.pk, reason)


def _delete_sessions(user, now) -> None:
    """Sign the person out everywhere. The new unusable password already invalidates their
    sessions (Django checks its hash); this removes them from the database too."""
    if "django.contrib.sessions" not in settings.INSTALLED_APPS:
        return
    user_id = str(user.pk)
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=now).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(session_key__in=stale).delete()


# Retention: accounts inactive for RGPD_INACTIVITY_DAYS are anonymised, after an email
# RGPD_WARNING_DAYS before that says how to keep the account (log in).


def users_to_warn(now: datetime.datetime):
    """Active accounts inactive for the period minus the warning delay, not yet warned
    (or warned, then logged in again)."""
    return (
        get_user_model()
        .objects.inactive_since(now - inactivity_period() + warning_period())
        .filter(is_active=True)
        .exclude(pk__in=get_user_model().objects.warned_of_inactivity().values("pk"))
        .order_by("pk")
    )


def users_to_anonymise(now: datetime.datetime):
    """Accounts warned at least the warning delay ago and not used since; and accounts
    deactivated by an admin (they cannot log in, so are not warned) inactive for the whole
    period."""
    model = get_user_model()
    warned = model.objects.warned_of_inactivity().filter(
        inactivity_warned_at__lte=now - warning_period()
    )
    deactivated = model.objects.inactive_since(now - inactivity_period()).filter(is_active=False)
    return model.objects.filter(
        Q(pk__in=warned.values("pk")) | Q(pk__in=deactivated.values("pk"))
    ).order_by("pk")


@transaction.atomic
def user_warn_inactive(user, *, now: datetime.datetime) -> None:
    """Record the warning and queue its email (sent after the commit)."""
    user.inactivity_warned_at = now
    user.save(update_fields=["inactivity_warned_at"])
    notify(
        kind=InactivityWarningMessage.kind,
        obj=user,
        recipient=user,
        period=timezone.localdate(now).isoformat(),
    )


@dataclass
class RetentionResult:
    warned: list = field(default_factory=list)
    anonymised: list = field(default_factory=list)
    # (user, reason) of accounts that could not be anonymised (the last admin).
    refused: list = field(default_factory=list)


def retention_run(*, now: datetime.datetime, dry_run: bool = False) -> RetentionResult:
    """Anonymise the accounts whose warning delay is over, then warn those whose turn is
    coming. Idempotent: a second run at the same moment finds nothing to do."""
    result = RetentionResult()
    for user in users_to_anonymise(now):
        refusal = anonymisation_refusal(user)
        if refusal:
            result.refused.append((user, refusal))
            continue
        if not dry_run:
            user_anonymise(user, reason="inactivity")
        result.anonymised.append(user)
    for user in users_to_warn(now):
        if not dry_run:
            user_warn_inactive(user, now=now)
        result.warned.append(user)
    return result
