"""The benchmark's measuring process, started by bench/run.py (not by hand).

`measure.py pages OUT.json`: with `DJANGO_SETTINGS_MODULE=bench.settings`, times every
main page at each scale's database, the scales taking turns request after request, and
counts its queries. `measure.py tasks OUT.json`: on `DATABASE_URL` (the largest scale),
renders the demo programme's PDF report, runs the reminders and the Monday digest as
`send_reminders` does, and opens the sessions of the load test's users.
"""

import datetime
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.scale import AGENTS_PER_PROGRAMME, BENCH_COACH, domain, slug  # noqa: E402
from demo.seed import INVESTIGATING_SLUG  # noqa: E402
from incubateur.accounts.models import User  # noqa: E402
from programmes.models import Programme  # noqa: E402

ADMIN = "admin@anct.gouv.fr"
WARM_UP = 3


def targets() -> dict:
    """The objects every page looks at, the same at any scale: programme 0 (under
    investigation), its coach, its first investigation and that team's first member."""
    programme = Programme.objects.get(slug=slug(0))
    investigation = programme.investigations.order_by("pk").first()
    sessions = list(investigation.sessions.order_by("week"))
    week = investigation.current_week(sessions, timezone.localdate())
    return {
        "coach": User.objects.get(email=BENCH_COACH),
        "admin": User.objects.get(email=ADMIN),
        "referent": User.objects.get(email=f"referent@{domain(0)}"),
        # The last agent of programme 0 does not volunteer: an agent and nothing more.
        "agent": User.objects.get(email=f"agent{AGENTS_PER_PROGRAMME - 1:02d}@{domain(0)}"),
        "intrapreneur": investigation.team.order_by("pk").first(),
        "programme": programme,
        "investigation": investigation,
        "week": week,
    }


def pages(found: dict) -> list[tuple[str, str, str]]:
    """(name, user key, path) of every page measured."""
    programme, investigation = found["programme"].slug, found["investigation"].pk
    programme_dashboard = reverse("programmes:programme_dashboard", args=[programme])
    return [
        # Every role's home; the ANCT team's is their dashboard (home redirects there).
        ("admin_home", "admin", reverse("home")),
        ("referent_home", "referent", reverse("home")),
        ("agent_home", "agent", reverse("home")),
        ("intrapreneur_home", "intrapreneur", reverse("home")),
        ("coach_dashboard", "coach", reverse("investigations:dashboard")),
        # Every dashboard for every role that sees it.
        ("admin_investigations_dashboard", "admin", reverse("investigations:dashboard")),
        ("programme_dashboard", "coach", programme_dashboard),
        ("programme_dashboard_referent", "referent", programme_dashboard),
        ("programme_dashboard_admin", "admin", programme_dashboard),
        ("national_dashboard", "admin", reverse("programmes:national_dashboard")),
        ("submissions_list", "coach", reverse("intrapreneurs:selection_list", args=[programme])),
        (
            "investigation_page",
            "coach",
            reverse("investigations:investigation_detail", args=[investigation]),
        ),
        (
            "log_form",
            "intrapreneur",
            reverse("investigations:log_form", args=[investigation, found["week"]]),
        ),
        # The framework's floor: a static page through the same middleware and layout.
        ("trivial_page", "coach", reverse("accessibility")),
    ]


def measure_pages(out: Path, runs: int) -> None:
    from bench.settings import use

    aliases = [alias for alias in settings.DATABASES if alias != "default"]
    clients, paths = {}, {}
    for alias in aliases:
        use(alias)
        found = targets()
        for name, who, path in pages(found):
            client = Client()
            client.force_login(found[who])
            clients[name, alias] = client
            paths[name, alias] = path
    names = [name for name, _alias in clients if _alias == aliases[0]]
    times = {key: [] for key in clients}
    queries = {}
    for round_number in range(WARM_UP + runs):
        for name in names:
            for alias in aliases:
                use(alias)
                start = time.perf_counter()
                response = clients[name, alias].get(paths[name, alias])
                elapsed = time.perf_counter() - start
                if response.status_code != 200:
                    raise SystemExit(f"{name} at {alias}: HTTP {response.status_code}")
                if round_number >= WARM_UP:
                    times[name, alias].append(elapsed * 1000)
    for (name, alias), client in clients.items():
        use(alias)
        with CaptureQueriesContext(connections[alias]) as captured:
            client.get(paths[name, alias])
        queries[name, alias] = len(captured)
    result = {
        name: {
            alias: {
                "median_ms": statistics.median(times[name, alias]),
                # One client, one request at a time: the unloaded p95.
                "p95_ms": statistics.quantiles(times[name, alias], n=20)[-1],
                "queries": queries[name, alias],
                "path": paths[name, alias],
            }
            for alias in aliases
        }
        for name in names
    }
    for name in names:
        if "dashboard" in name:
            result[f"{name}_cold"] = cold(clients, paths, aliases, runs, name)
    out.write_text(json.dumps(result, indent=2))


def cold(clients, paths, aliases, runs, name) -> dict:
    """A dashboard on a cache miss (its content is cached until a write touches what it
    shows): what the first visitor after a write waits, reported beside the budgeted
    cached path."""
    from django.core.cache import cache

    from bench.settings import use

    times = {alias: [] for alias in aliases}
    for _ in range(max(3, runs // 3)):
        for alias in aliases:
            use(alias)
            cache.clear()
            key = name, alias
            start = time.perf_counter()
            clients[key].get(paths[key])
            times[alias].append((time.perf_counter() - start) * 1000)
    return {alias: {"median_ms": statistics.median(times[alias])} for alias in aliases}


def next_session_day(programme, today) -> datetime.date:
    return next(day for day in programme.session_dates() if day > today)


def run_reminders(moment: datetime.datetime) -> dict:
    """`send_reminders --at moment`, for real, with the locmem email backend."""
    mail.outbox = []
    start = time.perf_counter()
    call_command("send_reminders", at=moment, stdout=io.StringIO())
    return {
        "at": timezone.localtime(moment).isoformat(timespec="minutes"),
        "seconds": time.perf_counter() - start,
        "emails": len(mail.outbox),
    }


def measure_tasks(out: Path) -> None:
    from bench.report import measure

    today = timezone.localdate()
    demo = Programme.objects.select_related("coach", "designer").get(slug=INVESTIGATING_SLUG)
    label, logs, report_pages, report_queries, seconds, size = measure("démo", demo, today=today)
    found = targets()
    session_day = next_session_day(found["programme"], today)
    monday = today + datetime.timedelta(days=7 - today.weekday())
    reminders = [
        run_reminders(timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))))
        for day, hour in [(session_day, 17), (session_day + datetime.timedelta(days=1), 10)]
    ]
    reminders.append(
        run_reminders(timezone.make_aware(datetime.datetime.combine(monday, datetime.time(9))))
    )
    cookies = {}
    for who in ("coach", "intrapreneur"):
        client = Client()
        client.force_login(found[who])
        cookies[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    result = {
        "report": {"logs": logs, "pages": report_pages, "queries": report_queries},
        "report_seconds": seconds,
        "report_kib": size,
        "reminders": reminders,
        "load": {
            "cookie_name": settings.SESSION_COOKIE_NAME,
            "coach_session": cookies["coach"],
            "intrapreneur_session": cookies["intrapreneur"],
            "dashboard_path": reverse("investigations:dashboard"),
            "log_form_path": reverse(
                "investigations:log_form", args=[found["investigation"].pk, found["week"]]
            ),
            "trivial_path": reverse("accessibility"),
        },
    }
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    mode, out = sys.argv[1], Path(sys.argv[2])
    if mode == "pages":
        measure_pages(out, runs=int(sys.argv[3]) if len(sys.argv) > 3 else 15)
    else:
        measure_tasks(out)
