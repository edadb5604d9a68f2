"""Throughput per core: how many requests per second one CPU core of web server answers on
the coach dashboard and the weekly-log form, at national data scale.

    .venv/bin/python bench/capacity.py [--scale 300] [--seconds 30] [--clients 4]

It seeds a database of its own (`seed_demo --scale N`, on the PostgreSQL of
CAPACITY_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/capacity_bench), starts
gunicorn pinned to CPU 1 (`taskset -c 1`, two sync workers so that the core never waits
on a query) and a load generator pinned to CPU 0: closed loop, `--clients` threads with
keep-alive connections, each signed in (a real session in the database). DEBUG off, no
Redis (local-memory cache), as bench/run.py. PostgreSQL shares the machine: its CPU use is
reported, not pinned. Prints one JSON object (BENCHMARKS.md, "Capacity").
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/capacity_bench"

# Sessions and paths, from inside Django (a subprocess on the seeded database).
TARGETS = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone
from demo.scale import BENCH_COACH, slug
from incubateur.accounts.models import User
from programmes.models import Programme

def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

programme = Programme.objects.get(slug=slug(0))
investigation = programme.investigations.order_by("pk").first()
sessions = list(investigation.sessions.order_by("week"))
week = investigation.current_week(sessions, timezone.localdate())
print(json.dumps({
    "cookie": settings.SESSION_COOKIE_NAME,
    "coach_dashboard": [
        session(User.objects.get(email=BENCH_COACH)),
        reverse("investigations:dashboard"),
    ],
    "log_form": [
        session(investigation.team.order_by("pk").first()),
        reverse("investigations:log_form", args=[investigation.pk, week]),
    ],
}))
"""


def django_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
        "SECRET_KEY": "capacity-bench-only",
        "DEBUG": "false",
        "TESTING": "true",  # whitenoise serves static files from the apps: no collectstatic
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "PYTHONPATH": str(ROOT),
    }


def seed(database_url: str, scale: int) -> None:
    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = django_env(database_url)
    for command in (["migrate", "--no-input"], ["seed_demo", "--force", "--scale", str(scale)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load(port, cookie, path, *, seconds, clients) -> dict:
    """Closed loop: each client sends its next request when the last one is answered."""
    latencies, errors = [], []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": f"{cookie}", "Host": "127.0.0.1"}
        mine, failed = [], 0
        while time.monotonic() < stop:
            started = time.monotonic()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed += 1
            mine.append(time.monotonic() - started)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "non_200": sum(errors),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
    }


def cpu_seconds(pids) -> float:
    """User + system CPU time of processes (from /proc), to see where the time went."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    options = parser.parse_args()
    database_url = os.environ.get("CAPACITY_DATABASE_URL", DEFAULT_URL)
    if not options.no_seed:
        seed(database_url, options.scale)
    env = django_env(database_url)
    targets = json.loads(
        subprocess.run(
            [sys.executable, "-c", TARGETS],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    # This process is the load generator: CPU 0. The server: CPU 1.
    os.sched_setaffinity(0, {0})
    port = free_port()
    server = subprocess.Popen(
        [
            "taskset",
            "-c",
            "1",
            sys.executable,
            "-m",
            "gunicorn",
            "incubateur.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {"scale": options.scale, "seconds": options.seconds, "clients": options.clients}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        pids = [server.pid, *map(int, workers)]
        for page in ("coach_dashboard", "log_form"):
            session, path = targets[page]
            cookie = f"{targets['cookie']}={session}"
            load(port, cookie, path, seconds=3, clients=options.clients)  # warm-up
            before = cpu_seconds(pids)
            result = load(port, cookie, path, seconds=options.seconds, clients=options.clients)
            result["server_cpu_share"] = round((cpu_seconds(pids) - before) / options.seconds, 2)
            results[page] = result
    finally:
        server.terminate()
        server.wait(timeout=30)
    results["uptime"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
