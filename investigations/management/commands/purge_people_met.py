from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from investigations.retention import people_met_purge, programmes_due_for_purge


class Command(BaseCommand):
    help = (
        "Interview-notes hygiene: erase the details of the people met in the weekly logs of "
        "programmes closed at least PEOPLE_MET_RETENTION_DAYS ago (the numbers stay)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        self.stdout.write(f"Retention: {settings.PEOPLE_MET_RETENTION_DAYS} days after closing.")
        programmes = list(programmes_due_for_purge(timezone.now()))
        for programme in programmes:
            if dry_run:
                self.stdout.write(f"  {programme.slug}: would be purged")
            else:
                count = people_met_purge(programme=programme)
                self.stdout.write(f"  {programme.slug}: {count} log(s) purged")
        if dry_run:
            self.stdout.write(f"Dry run: {len(programmes)} programme(s); nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(programmes)} programme(s) purged."))
