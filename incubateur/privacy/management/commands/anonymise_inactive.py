from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from incubateur.privacy.services import retention_run


class Command(BaseCommand):
    help = (
        "RGPD retention, as the daily Celery task does: warn by email the accounts inactive "
        "for RGPD_INACTIVITY_DAYS minus RGPD_WARNING_DAYS, and anonymise those warned at "
        "least RGPD_WARNING_DAYS ago that have not logged in since."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        self.stdout.write(
            f"Inactivity period: {settings.RGPD_INACTIVITY_DAYS} days, warning "
            f"{settings.RGPD_WARNING_DAYS} days before."
        )
        result = retention_run(now=now, dry_run=dry_run)
        verb = "would be" if dry_run else "was"
        for user in result.anonymised:
            self.stdout.write(f"  account {user.pk} {verb} anonymised ({describe(user)})")
        for user in result.warned:
            self.stdout.write(f"  account {user.pk} {verb} warned ({describe(user)})")
        for user, refusal in result.refused:
            self.stdout.write(f"  account {user.pk} kept: {refusal}")
        summary = f"{len(result.warned)} warned, {len(result.anonymised)} anonymised"
        if dry_run:
            self.stdout.write(f"Dry run: {summary}; nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary}."))


def describe(user) -> str:
    last = user.last_login or user.date_joined
    return f"last activity {timezone.localdate(last).isoformat()}"
