"""The national-scale benchmark (not a test): `make bench`.

1. Creates one PostgreSQL database per scale (`incubateur_bench_1`, `incubateur_bench_300`
   on the server of `BENCH_DATABASE_URL`, by default postgres://postgres@127.0.0.1:5432),
   dropping any left by a previous run, migrates it and seeds the demo plus N programmes
   (`seed_demo --scale N`). The databases are left in place afterwards, for inspection.
2. Times the main pages server-side (Django's test client, median of `--runs` requests
   after a warm-up, the scales taking turns) and counts their queries (bench/measure.py).
3. Renders the demo programme's PDF report and runs the reminders and the Monday digest
   at the largest scale.
4. Load-tests gunicorn (two workers, loopback, DEBUG off) at the largest scale with
   locust for a bounded time: the coach dashboard, a weekly-log form and a trivial page.
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

MAX_TIME_RATIO = 1.5  # a page's time at the largest scale over its time at the smallest
MAX_P95_RATIO = 3.0  # the dashboard's p95 under load over the trivial page's
MAX_REPORT_SECONDS = 10.0
NATIONAL_CACHE_MINUTES = 5  # programmes.figures.NATIONAL_CACHE_SECONDS

PAGE_LABELS = {
    "coach_dashboard": "coach dashboard",
    "programme_dashboard": "programme dashboard",
    "national_dashboard": "national dashboard",
    "submissions_list": "submissions list (selection)",
    "investigation_page": "investigation page",
    "log_form": "weekly-log form",
    "trivial_page": "trivial page (accessibility statement)",
}


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


def prepare(server: str, scale: int) -> tuple[str, float]:
    """A fresh database seeded at `scale`: (its URL, the seconds the seeding took)."""
    url = recreate_database(server, f"incubateur_bench_{scale}")
    env = django_env(url)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    start = time.perf_counter()
    run(
        [sys.executable, "manage.py", "seed_demo", "--force", "--scale", str(scale)],
        env,
        stdout=subprocess.DEVNULL,
    )
    return url, time.perf_counter() - start


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
    }


def postgres_version(server: str) -> str:
    with psycopg.connect(f"{server}/postgres") as connection:
        return connection.execute("SHOW server_version").fetchone()[0]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: dict) -> tuple[str, bool]:
    """The Markdown table of every measure and budget; whether every budget holds."""
    small, large = results["scales"][0], results["scales"][-1]
    lines = [
        f"| measure | N = {small} | N = {large} | ratio | budget | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    all_ok = True
    for name, label in PAGE_LABELS.items():
        page = results["pages"][name]
        a, b = page[f"scale_{small}"], page[f"scale_{large}"]
        ratio = b["median_ms"] / a["median_ms"]
        time_ok = ratio <= MAX_TIME_RATIO
        queries_ok = a["queries"] == b["queries"]
        all_ok &= time_ok and queries_ok
        lines.append(
            f"| {label}: median time | {a['median_ms']:.1f} ms | {b['median_ms']:.1f} ms "
            f"| {ratio:.2f} | ≤ {MAX_TIME_RATIO} | {verdict(time_ok)} |"
        )
        lines.append(
            f"| {label}: queries | {a['queries']} | {b['queries']} | | equal "
            f"| {verdict(queries_ok)} |"
        )
    cold = results["pages"]["national_dashboard_cold"]
    a, b = cold[f"scale_{small}"]["median_ms"], cold[f"scale_{large}"]["median_ms"]
    lines.append(
        f"| national dashboard on a cache miss (every {NATIONAL_CACHE_MINUTES} min) | "
        f"{a:.1f} ms | {b:.1f} ms | {b / a:.2f} | (reported) | |"
    )
    report = results["tasks"]
    report_ok = report["report_seconds"] < MAX_REPORT_SECONDS
    all_ok &= report_ok
    lines.append(
        f"| demo report PDF ({report['report']['pages']} pages, "
        f"{report['report']['queries']} queries) | | {report['report_seconds']:.1f} s | "
        f"| < {MAX_REPORT_SECONDS:.0f} s | {verdict(report_ok)} |"
    )
    for reminder in report["reminders"]:
        lines.append(
            f"| send_reminders --at {reminder['at']} ({reminder['emails']} emails) | "
            f"| {reminder['seconds']:.2f} s | | (reported) | |"
        )
    lines.append(f"| seed_demo --scale {large} | | {results['seed_seconds']:.0f} s | | | |")
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
            f"| load, {label}: req/s · p50 · p95 | | {row['rps']:.1f} req/s · "
            f"{row['p50_ms']:.0f} ms · {row['p95_ms']:.0f} ms | | no failure "
            f"({row['failures']}) | {verdict(failures_ok)} |"
        )
    p95_ratio = load["coach_dashboard"]["p95_ms"] / trivial["p95_ms"]
    p95_ok = p95_ratio <= MAX_P95_RATIO
    all_ok &= p95_ok
    lines.append(
        f"| load: dashboard p95 / trivial p95 | | | {p95_ratio:.2f} | ≤ {MAX_P95_RATIO} "
        f"| {verdict(p95_ok)} |"
    )
    return "\n".join(lines), all_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,300", help="comma-separated, smallest first")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per page")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=8, help="locust users (no pause)")
    options = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER).rstrip("/")
    scales = [int(scale) for scale in options.scales.split(",")]
    started = time.perf_counter()
    urls, seed_seconds = {}, 0.0
    for scale in scales:
        say(f"database at N = {scale}: migrate and seed")
        urls[scale], seed_seconds = prepare(server, scale)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    say("pages, every scale taking turns")
    aliases = {f"scale_{scale}": url for scale, url in urls.items()}
    run(
        [
            sys.executable,
            "bench/measure.py",
            "pages",
            str(workdir / "pages.json"),
            str(options.runs),
        ],
        django_env(
            urls[scales[0]],
            DJANGO_SETTINGS_MODULE="bench.settings",
            BENCH_DATABASES=json.dumps(aliases),
        ),
    )
    say("knowledge base: search and « déjà investigué » panel (bench/search.py)")
    search = bench_search.measure_search(urls, workdir, options.runs)
    say(f"report PDF and reminders at N = {scales[-1]}")
    run(
        [sys.executable, "bench/measure.py", "tasks", str(workdir / "tasks.json")],
        django_env(urls[scales[-1]]),
    )
    tasks = json.loads((workdir / "tasks.json").read_text())
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
        "pages": json.loads((workdir / "pages.json").read_text()),
        "tasks": tasks,
        "seed_seconds": seed_seconds,
        "load": load,
        "machine": machine(),
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
        f"{time.perf_counter() - started:.0f} s in all."
    )
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"bench-{now:%Y%m%d-%H%M%S}"
    stem.with_suffix(".md").write_text(f"{header}\n\n{text}\n")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2))
    print(f"\n{header}\n\n{text}\n")
    say(
        f"written to {stem.with_suffix('.md').relative_to(ROOT)}; databases kept: "
        + ", ".join(f"incubateur_bench_{scale}" for scale in scales)
    )
    if not all_ok:
        say("a budget is missed (FAIL above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
