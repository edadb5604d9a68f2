"""Benchmark of the end-of-programme PDF (not a test): `make bench-report`.

Renders the demo programme's report, then the same programme with ten times more weekly
logs, then that one with every text its authors wrote filled to its maximum length
(incubateur/text.py), and prints the pages, the queries and the seconds of each. The last
must render within REPORT_BUDGET_SECONDS (the report task's soft time limit when the
settings have one): otherwise the command exits with status 1. Runs against a throwaway
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
# Without a soft time limit in the settings: what a person waiting for a report accepts.
DEFAULT_BUDGET_SECONDS = 240
# Ordinary French prose, with spaces, accents and punctuation, to fill a field.
PROSE = (
    "Les usagers rencontrés au guichet décrivent des démarches répétées, des pièces "
    "demandées deux fois et des rendez-vous pris sans confirmation ; l’équipe a noté "
    "chaque cas, avec sa date, son service et ce qu’il a coûté. "
)


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
    from reports import rendering

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


def maximal(length: int) -> str:
    return (PROSE * (length // len(PROSE) + 1))[:length]


def fill_to_the_limits(programme) -> int:
    """Every text of the programme's investigations, as long as its field allows: the
    problems, the logs, the hypotheses, the committee's grid, the conclusions and their
    proposals. Returns the number of rows changed."""
    from django.db import models

    from intrapreneurs.models import ProblemSubmission
    from investigations.models import (
        CommitteeReview,
        Conclusion,
        Hypothesis,
        Proposal,
        WeeklyLog,
    )

    rows = [
        (ProblemSubmission, {"investigation__programme": programme}),
        (WeeklyLog, {"investigation__programme": programme}),
        (Hypothesis, {"investigation__programme": programme}),
        (CommitteeReview, {"investigation__programme": programme}),
        (Conclusion, {"investigation__programme": programme}),
        (Proposal, {"conclusion__investigation__programme": programme}),
    ]
    changed = 0
    for model, lookup in rows:
        texts = {
            field.name: maximal(field.max_length)
            for field in model._meta.get_fields()
            if isinstance(field, models.TextField) and field.max_length
        }
        changed += model.objects.filter(**lookup).update(**texts)
    return changed


def budget_seconds() -> float:
    from django.conf import settings

    return float(
        os.environ.get("REPORT_BUDGET_SECONDS")
        or getattr(settings, "REPORT_SOFT_TIME_LIMIT", None)
        or DEFAULT_BUDGET_SECONDS
    )


def main() -> int:
    from django.core.management import call_command

    from demo.seed import INVESTIGATING_SLUG, seed_demo
    from programmes.models import Programme

    call_command("migrate", verbosity=0)
    seed_demo(today=TODAY)
    programme = Programme.objects.select_related("coach", "designer").get(slug=INVESTIGATING_SLUG)
    rows = [measure("démo", programme)]
    multiply_logs(programme, FACTOR)
    rows.append(measure(f"démo × {FACTOR} journaux", programme))
    fill_to_the_limits(programme)
    rows.append(measure(f"× {FACTOR}, textes au maximum", programme))
    print(
        f"{'programme':<28} {'journaux':>9} {'pages':>6} {'requêtes':>9} {'secondes':>9} {'Kio':>7}"
    )
    for label, logs, pages, queries, seconds, size in rows:
        print(f"{label:<28} {logs:>9} {pages:>6} {queries:>9} {seconds:>9.2f} {size:>7.0f}")
    budget = budget_seconds()
    seconds = rows[-1][4]
    verdict = "dans le budget" if seconds <= budget else "HORS BUDGET"
    print(f"Textes au maximum : {seconds:.0f} s pour un budget de {budget:.0f} s — {verdict}.")
    return 0 if seconds <= budget else 1


if __name__ == "__main__":
    configure()
    sys.exit(main())
