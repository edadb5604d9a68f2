from django.core.management.base import BaseCommand
from django.db import transaction

from knowledge.indexing import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild every search document (after a bulk load, or on a database that existed "
        "before the knowledge base)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = reindex_all()
        self.stdout.write(f"{count} documents rebuilt.")
