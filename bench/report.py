"""Benchmark of the end-of-programme PDF (not a test): `make bench-report`.

Renders the demo programme's report, then the same programme with ten times more weekly
logs, and prints the pages, the queries and the seconds of each. Runs against a throwaway
SQLite database so that it never touches the development data."""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = datetime.date(2026, 11, 26)
FACTOR = 10


def configure() -> None:
    """Django on a throwaway SQLite database, so that this never touches real data."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "incubateur.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("TESTING", "true")
    workdir = Path(tempfile.mkdtemp(prefix="bench-report-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()


def measure(label: str, programme, *, today=TODAY, using="default") -> tuple:
    """(label, logs, pages, queries, seconds, KiB) of the programme's report, rendered
    and printed to PDF. bench/measure.py calls it too, on its PostgreSQL databases."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from investigations.models import WeeklyLog
    from programmes.reports import rendering

    logs = WeeklyLog.objects.filter(investigation__programme=programme).count()
    start = time.perf_counter()
    with CaptureQueriesContext(connections[using]) as queries:
        html = rendering.programme_report_html(programme, today=today)
    pdf = rendering.render_pdf(html)
    seconds = time.perf_counter() - start
    return label, logs, pdf.pages, len(queries), seconds, len(pdf.content) / 1024


def multiply_logs(programme, factor: int) -> None:
    """Nine more investigation weeks' worth of logs for each one there is: extra weekly
    sessions (weeks 11 onwards) each with a copy of an existing log and its figures."""
    from investigations.models import LogFigure, WeeklySession

    for investigation in programme.investigations.prefetch_related("logs__figures", "sessions"):
        logs = list(investigation.logs.all())
        last = max(session.week for session in investigation.sessions.all())
        last_date = max(session.date for session in investigation.sessions.all())
        week = last
        for _copy in range(factor - 1):
            for log in logs:
                week += 1
                session = WeeklySession.objects.create(
                    investigation=investigation,
                    week=week,
                    date=last_date + datetime.timedelta(weeks=week - last),
                )
                figures = list(log.figures.all())
                authors = list(log.authors.all())
                log.pk = None
                log._state.adding = True
                log.session = session
                log.week = week
                log.save()
                log.authors.set(authors)
                LogFigure.objects.bulk_create(
                    LogFigure(log=log, figure=f.figure, source=f.source) for f in figures
                )


def main() -> None:
    from django.core.management import call_command

    from incubateur.demo import INVESTIGATING_SLUG, seed_demo
    from programmes.models import Programme

    call_command("migrate", verbosity=0)
    seed_demo(today=TODAY)
    programme = Programme.objects.select_related("coach", "designer").get(slug=INVESTIGATING_SLUG)
    rows = [measure("démo", programme)]
    multiply_logs(programme, FACTOR)
    rows.append(measure(f"démo × {FACTOR} journaux", programme))
    print(
        f"{'programme':<22} {'journaux':>9} {'pages':>6} {'requêtes':>9} {'secondes':>9} {'Kio':>7}"
    )
    for label, logs, pages, queries, seconds, size in rows:
        print(f"{label:<22} {logs:>9} {pages:>6} {queries:>9} {seconds:>9.2f} {size:>7.0f}")


if __name__ == "__main__":
    configure()
    main()
