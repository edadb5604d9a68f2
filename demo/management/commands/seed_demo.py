from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import scale as demo_scale
from demo.knowledge_scale import seed_knowledge
from demo.seed import DEMO_PASSWORD, seed_demo
from incubateur import fragments


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also add N programmes of realistic size for benchmarks (bulk inserts; "
                "in an empty database, or one already seeded with the same N)."
            ),
        )

    def handle(self, *args, force=False, scale=0, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates users with a known "
                "password. Pass --force if this really is a demo environment."
            )
        if scale < 0:
            raise CommandError("--scale takes a number of programmes, 0 or more.")
        users = seed_demo()
        if scale:
            try:
                created = demo_scale.seed_scale(scale)
            except demo_scale.ScaleError as error:
                raise CommandError(str(error)) from error
            if created:
                documents = seed_knowledge(demo_scale.SLUG_PREFIX)
                demo_scale.analyse()
                self.stdout.write(f"{created} scale programmes added ({demo_scale.SLUG_PREFIX}…).")
                self.stdout.write(f"{documents} search documents for them.")
            else:
                self.stdout.write(f"The {scale} scale programmes were already there.")
        # The scale's bulk inserts send no signal: every cached part of a page is out of date.
        fragments.touch(fragments.EVERYTHING)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        for spec in users:
            self.stdout.write(f"  {spec.email:<40} {spec.role}")
        self.stdout.write("  …and the other agents of the first wave's teams (see demo/call.py).")
        self.stdout.write(
            "Programmes: le-havre-vague-1 (investigation), le-havre-2026 (call open)."
        )
