import argparse
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from incubateur.notifications import delivery, registry
from incubateur.notifications.models import Notification


class Command(BaseCommand):
    help = (
        "Select what is due (reminders, digests, notifications left unsent) as the "
        "five-minute Celery task does, and send it here, without the broker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--at",
            type=parse_moment,
            help="Run as if it were this moment (ISO 8601; Europe/Paris when no offset).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args, at=None, dry_run=False, **options):
        now = at or timezone.now()
        self.stdout.write(f"Due at {timezone.localtime(now).isoformat()}:")
        dues = registry.due_at(now)
        found = delivery.existing_for(dues)
        for due in dues:
            existing = found.get(delivery.identity(due))
            state = existing.get_status_display() if existing else "à envoyer"
            self.stdout.write(f"  {describe(due)}: {state}")
        if not dues:
            self.stdout.write("  nothing")
        if dry_run:
            pending = Notification.objects.to_publish(timezone.now()).select_related("recipient")
            for notification in pending:
                self.stdout.write(f"  left unsent: {notification}")
            return
        delivery.create_due(dues)
        sent = 0
        for notification_id in delivery.take_for_publishing(timezone.now()):
            try:
                status = delivery.deliver(notification_id, now=now, final_attempt=False)
            except delivery.SEND_ERRORS as error:
                status = f"error ({delivery.describe(error)})"
            notification = Notification.objects.select_related("recipient").get(pk=notification_id)
            outcome = status or "claimed elsewhere"
            if notification.status == Notification.Status.SKIPPED:
                outcome += f": {notification.error}"
            self.stdout.write(f"  {notification}: {outcome}")
            sent += status == Notification.Status.SENT
        self.stdout.write(self.style.SUCCESS(f"{sent} email(s) sent."))


def parse_moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date and time: {value!r}") from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def describe(due) -> str:
    label = registry.label(due.kind)
    return f"{label} → {due.recipient.email} — {due.obj} ({due.period})"
