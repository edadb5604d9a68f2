"""The national-scale benchmark (not a test): `make bench`.

1. Creates one PostgreSQL database per scale N of `--scales` (default `BENCH_SIZES`, else
   1, 300 and 3,000), named `<BENCH_DB_PREFIX>_N` (default `incubateur_bench_N`), on the
   server of `BENCH_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432), dropping
   any left by a previous run, migrates it and seeds the demo plus N programmes
   (`seed_demo --scale N`). The databases are left in place afterwards, for inspection.
2. Times every role's home and every dashboard for every role that sees it, and the main
   pages, server-side (Django's test client, median of `--runs` requests
   after a warm-up, the scales taking turns) and counts their queries (bench/measure.py).
3. Renders the demo programme's PDF report and runs the reminders and the Monday digest
   at the largest scale.
4. Load-tests gunicorn (two workers, loopback, DEBUG off) at the largest scale with
   locust for a bounded time: the coach dashboard, a weekly-log form and a trivial page.
   Then `manage.py send_reminders` in a new process, as cron starts it (imports included).
5. Checks the budgets, prints the table and writes it to bench/results/; exits 1 when a
   budget is missed.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import search as bench_search  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"

MAX_TIME_RATIO = 1.2  # a page's time at the largest scale over its time at the smallest
MAX_P95_RATIO = 3.0  # a dashboard's unloaded p95 over the trivial page's (largest scale)
MAX_REPORT_SECONDS = 10.0
MAX_REMINDERS_SECONDS = 3.0  # `manage.py send_reminders` from the command line, start to end
# Ten years of national use: one programme a week, several at once.
DEFAULT_SIZES = "1,300,3000"
# The databases are dropped and recreated: give each engineer's runs their own prefix.
DEFAULT_DB_PREFIX = "incubateur_bench"

PAGE_LABELS = {
    "admin_home": "admin's home",
    "referent_home": "referent's home",
    "agent_home": "agent's home",
    "intrapreneur_home": "intrapreneur's home",
    "coach_dashboard": "coach dashboard (the coach's home)",
    "admin_investigations_dashboard": "investigations dashboard, admin",
    "programme_dashboard": "programme dashboard, coach",
    "programme_dashboard_referent": "programme dashboard, referent",
    "programme_dashboard_admin": "programme dashboard, admin",
    "national_dashboard": "national dashboard, admin",
    "submissions_list": "submissions list (selection)",
    "investigation_page": "investigation page",
    "log_form": "weekly-log form",
    "trivial_page": "trivial page (accessibility statement)",
}
DASHBOARDS = [name for name in PAGE_LABELS if "dashboard" in name]


def django_env(database_url: str, **extra) -> dict:
    """DEBUG off as in production, over plain HTTP; eager tasks, local-memory cache and
    emails (no Redis). TESTING only lets whitenoise serve static files from the app
    folders, so that no `collectstatic` is needed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
        "SECRET_KEY": "bench-only-secret",
        "DEBUG": "false",
        "TESTING": "true",
        "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }
    # Production runs compiled modules (the image runs compileall): without the bytecode
    # cache each process would compile every module again (about 2.4 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def run(command: list, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def recreate_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def database_name(scale: int) -> str:
    return f"{os.environ.get('BENCH_DB_PREFIX', DEFAULT_DB_PREFIX)}_{scale}"


def prepare(server: str, scale: int) -> tuple[str, float]:
    """A fresh database seeded at `scale`: (its URL, the seconds the seeding took)."""
    url = recreate_database(server, database_name(scale))
    env = django_env(url)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    start = time.perf_counter()
    run(
        [sys.executable, "manage.py", "seed_demo", "--force", "--scale", str(scale)],
        env,
        stdout=subprocess.DEVNULL,
    )
    return url, time.perf_counter() - start


def command_reminders(url: str, moment: str) -> dict:
    """`manage.py send_reminders --at moment` in a new process, as cron runs it: imports,
    setup and the work, start to end."""
    start = time.perf_counter()
    run(
        [sys.executable, "manage.py", "send_reminders", "--at", moment],
        django_env(url),
        stdout=subprocess.DEVNULL,
    )
    return {"at": moment, "seconds": time.perf_counter() - start}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def load_test(url: str, load: dict, *, seconds: int, users: int, workdir: Path) -> dict:
    """gunicorn (two sync workers) and locust, headless, for `seconds`: per endpoint,
    requests per second, p50 and p95 in milliseconds, failures."""
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    env = django_env(url)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "incubateur.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for(host + load["trivial_path"])
        prefix = workdir / "locust"
        run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                host,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            {
                **os.environ,
                "BENCH_COOKIE_NAME": load["cookie_name"],
                "BENCH_COACH_SESSION": load["coach_session"],
                "BENCH_INTRAPRENEUR_SESSION": load["intrapreneur_session"],
                "BENCH_DASHBOARD_PATH": load["dashboard_path"],
                "BENCH_LOG_FORM_PATH": load["log_form_path"],
                "BENCH_TRIVIAL_PATH": load["trivial_path"],
            },
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        for row in csv.DictReader(stats_file):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
    return stats


def machine() -> dict:
    memory_kib = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        # Other work on the machine skews every time: reported beside the figures.
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
    }


def postgres_version(server: str) -> str:
    with psycopg.connect(f"{server}/postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def combine(page_runs: list[dict]) -> dict:
    """Each figure of the repeated page measurements: the median of the runs' figures, with
    their minimum and maximum (`min_ms`, `max_ms`)."""
    combined = {}
    for name, per_alias in page_runs[0].items():
        combined[name] = {}
        for alias, figures in per_alias.items():
            runs = [page_run[name][alias] for page_run in page_runs]
            medians = [r["median_ms"] for r in runs]
            combined[name][alias] = {
                **figures,
                "median_ms": statistics.median(medians),
                "min_ms": min(medians),
                "max_ms": max(medians),
            }
            if "p95_ms" in figures:
                combined[name][alias]["p95_ms"] = statistics.median(r["p95_ms"] for r in runs)
            if "queries" in figures:
                # Every run must agree: a count that varies is reported as unequal.
                counts = {r["queries"] for r in runs}
                combined[name][alias]["queries"] = figures["queries"] if len(counts) == 1 else -1
    return combined


def table(results: dict) -> tuple[str, bool]:
    """The Markdown table of every measure and budget; whether every budget holds."""
    scales = results["scales"]
    large = scales[-1]
    sizes = " | ".join(f"N = {scale}" for scale in scales)
    blank = " |" * (len(scales) - 1)
    lines = [
        f"| measure | {sizes} | ratio | budget | result |",
        "|---|" + "---:|" * (len(scales) + 1) + "---|---|",
    ]
    all_ok = True
    pages = results["pages"]
    for name, label in PAGE_LABELS.items():
        page = [pages[name][f"scale_{scale}"] for scale in scales]
        ratio = page[-1]["median_ms"] / page[0]["median_ms"]
        time_ok = ratio <= MAX_TIME_RATIO
        queries_ok = len({p["queries"] for p in page}) == 1
        all_ok &= time_ok and queries_ok
        times = " | ".join(
            f"{p['median_ms']:.1f} ms ({p['min_ms']:.1f}–{p['max_ms']:.1f})" for p in page
        )
        counts = " | ".join(str(p["queries"]) for p in page)
        lines.append(
            f"| {label}: median time | {times} | {ratio:.2f} | ≤ {MAX_TIME_RATIO} "
            f"| {verdict(time_ok)} |"
        )
        lines.append(f"| {label}: queries | {counts} | | equal | {verdict(queries_ok)} |")
    trivial_p95 = pages["trivial_page"][f"scale_{large}"]["p95_ms"]
    for name in DASHBOARDS:
        p95 = pages[name][f"scale_{large}"]["p95_ms"]
        p95_ok = p95 / trivial_p95 <= MAX_P95_RATIO
        all_ok &= p95_ok
        lines.append(
            f"| {PAGE_LABELS[name]}: unloaded p95 / trivial page's |{blank} "
            f"{p95:.1f} ms / {trivial_p95:.1f} ms | {p95 / trivial_p95:.2f} "
            f"| ≤ {MAX_P95_RATIO} | {verdict(p95_ok)} |"
        )
    command = results["tasks"]["command_reminders"]
    command_ok = command["seconds"] <= MAX_REMINDERS_SECONDS
    all_ok &= command_ok
    lines.append(
        f"| manage.py send_reminders --at {command['at']}, new process |{blank} "
        f"{command['seconds']:.2f} s | | ≤ {MAX_REMINDERS_SECONDS:.0f} s | {verdict(command_ok)} |"
    )
    for name in DASHBOARDS:
        cold = results["pages"][f"{name}_cold"]
        colds = [cold[f"scale_{scale}"]["median_ms"] for scale in scales]
        lines.append(
            f"| {PAGE_LABELS[name]}: on a cache miss (after a write) | "
            + " | ".join(f"{ms:.1f} ms" for ms in colds)
            + f" | {colds[-1] / colds[0]:.2f} | (reported) | |"
        )
    report = results["tasks"]
    report_ok = report["report_seconds"] < MAX_REPORT_SECONDS
    all_ok &= report_ok
    lines.append(
        f"| demo report PDF ({report['report']['pages']} pages, "
        f"{report['report']['queries']} queries) |{blank} {report['report_seconds']:.1f} s | "
        f"| < {MAX_REPORT_SECONDS:.0f} s | {verdict(report_ok)} |"
    )
    for reminder in report["reminders"]:
        lines.append(
            f"| send_reminders --at {reminder['at']} ({reminder['emails']} emails) | "
            f"{blank} {reminder['seconds']:.2f} s | | (reported) | |"
        )
    seeds = " | ".join(f"{results['seed_seconds'][scale]:.0f} s" for scale in scales)
    lines.append(f"| seed_demo --scale N | {seeds} | | a few minutes | |")
    load = results["load"]
    trivial = load["trivial"]
    for name, label in [
        ("coach_dashboard", "coach dashboard"),
        ("log_form", "weekly-log form"),
        ("trivial", "trivial page (accessibility statement)"),
    ]:
        row = load[name]
        failures_ok = row["failures"] == 0
        all_ok &= failures_ok
        lines.append(
            f"| load, {label}: req/s · p50 · p95 |{blank} {row['rps']:.1f} req/s · "
            f"{row['p50_ms']:.0f} ms · {row['p95_ms']:.0f} ms | | no failure "
            f"({row['failures']}) | {verdict(failures_ok)} |"
        )
    p95_ratio = load["coach_dashboard"]["p95_ms"] / trivial["p95_ms"]
    p95_ok = p95_ratio <= MAX_P95_RATIO
    all_ok &= p95_ok
    lines.append(
        f"| load: dashboard p95 / trivial p95 |{blank} | {p95_ratio:.2f} | ≤ {MAX_P95_RATIO} "
        f"| {verdict(p95_ok)} |"
    )
    return "\n".join(lines), all_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        default=os.environ.get("BENCH_SIZES", DEFAULT_SIZES),
        help="comma-separated, smallest first (default: BENCH_SIZES or %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--repeats", type=int, default=3, help="page measurements, each in a new process"
    )
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=8, help="locust users (no pause)")
    options = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER).rstrip("/")
    scales = [int(scale) for scale in options.scales.split(",")]
    started = time.perf_counter()
    load_at_start = [round(load, 2) for load in os.getloadavg()]
    urls, seed_seconds = {}, {}
    for scale in scales:
        say(f"database at N = {scale}: migrate and seed")
        urls[scale], seed_seconds[scale] = prepare(server, scale)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    aliases = {f"scale_{scale}": url for scale, url in urls.items()}
    page_runs = []
    for repeat in range(options.repeats):
        say(f"pages, every scale taking turns (run {repeat + 1} of {options.repeats})")
        out = workdir / f"pages-{repeat}.json"
        run(
            [sys.executable, "bench/measure.py", "pages", str(out), str(options.runs)],
            django_env(
                urls[scales[0]],
                DJANGO_SETTINGS_MODULE="bench.settings",
                BENCH_DATABASES=json.dumps(aliases),
            ),
        )
        page_runs.append(json.loads(out.read_text()))
    say("knowledge base: search and « déjà investigué » panel (bench/search.py)")
    search = bench_search.measure_search(urls, workdir, options.runs)
    say(f"report PDF and reminders at N = {scales[-1]}")
    run(
        [sys.executable, "bench/measure.py", "tasks", str(workdir / "tasks.json")],
        django_env(urls[scales[-1]]),
    )
    tasks = json.loads((workdir / "tasks.json").read_text())
    say(f"send_reminders from the command line at N = {scales[-1]}")
    tasks["command_reminders"] = command_reminders(urls[scales[-1]], tasks["reminders"][0]["at"])
    say(f"load test at N = {scales[-1]} ({options.load_seconds} s, {options.users} users)")
    load = load_test(
        urls[scales[-1]],
        tasks["load"],
        seconds=options.load_seconds,
        users=options.users,
        workdir=workdir,
    )
    results = {
        "scales": scales,
        "pages": combine(page_runs),
        "page_runs": page_runs,
        "tasks": tasks,
        "seed_seconds": seed_seconds,
        "load": load,
        "machine": {**machine(), "load_average_at_start": load_at_start},
        "postgresql": postgres_version(server),
        "search": search,
    }
    text, all_ok = table(results)
    search_text, search_ok = bench_search.table(search)
    text, all_ok = f"{text}\n\n{search_text}", all_ok and search_ok
    host = results["machine"]
    now = datetime.datetime.now(datetime.UTC)
    header = (
        f"`make bench` on {now:%Y-%m-%d %H:%M} UTC: {host['cpus']} cores, "
        f"{host['memory_gib']} GiB, {host['system']}, PostgreSQL {results['postgresql']}, "
        f"Python {host['python']}; {options.runs} timed requests per page; load: gunicorn "
        f"2 workers, {options.users} locust users without pause, {options.load_seconds} s; "
        f"{time.perf_counter() - started:.0f} s in all; load average (1, 5, 15 min) "
        f"{host['load_average_at_start']} at the start, {host['load_average_at_end']} at "
        f"the end ({host['cpus']} cores: above {host['cpus']} the machine was busy); page "
        f"times: median of {options.repeats} runs (min–max)."
    )
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"bench-{now:%Y%m%d-%H%M%S}"
    stem.with_suffix(".md").write_text(f"{header}\n\n{text}\n")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2))
    print(f"\n{header}\n\n{text}\n")
    say(
        f"written to {stem.with_suffix('.md').relative_to(ROOT)}; databases kept: "
        + ", ".join(database_name(scale) for scale in scales)
    )
    if not all_ok:
        say("a budget is missed (FAIL above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
