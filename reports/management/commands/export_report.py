"""Render a programme's report synchronously, without Celery:

python manage.py export_report le-havre-vague-1 --output rapport.pdf
python manage.py export_report le-havre-vague-1 --format csv --kind logs --output logs.csv
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programmes.models import Programme
from reports import exports, rendering


class Command(BaseCommand):
    help = "Écrit le rapport PDF (ou un export CSV) d’un programme dans un fichier."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant du programme, par exemple le-havre-2026.")
        parser.add_argument("--output", "-o", required=True, help="Fichier à écrire.")
        parser.add_argument("--format", choices=["pdf", "csv"], default="pdf")
        parser.add_argument("--kind", choices=exports.KINDS, help="L’export CSV à écrire.")

    def handle(self, *args, slug, output, format, kind, **options):
        programme = Programme.objects.select_related("coach", "designer").filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"Aucun programme « {slug} ».")
        if format == "csv":
            if kind is None:
                raise CommandError("Précisez --kind pour un export CSV.")
            with open(output, "w", encoding="utf-8", newline="") as stream:
                exports.write_csv(kind, Programme.objects.filter(pk=programme.pk), stream)
            self.stdout.write(f"{output} : export « {kind} » écrit.")
            return
        pdf = rendering.programme_report_pdf(programme, today=timezone.localdate())
        with open(output, "wb") as stream:
            stream.write(pdf.content)
        self.stdout.write(f"{output} : {pdf.pages} pages.")
