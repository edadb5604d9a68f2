"""A real Celery worker, through a real Redis, on the test database (tests that use it need
`@pytest.mark.django_db(transaction=True)`, so that the worker sees committed rows).

    with run_worker(tmp_path) as worker:
        worker.send("incubateur.notifications.tasks.deliver", notification.pk)
        worker.wait_until_idle()
    worker.emails()          # the messages its file-based email backend wrote, parsed
"""

import contextlib
import email
import email.policy
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis
from celery import Celery
from django.db import connection

REPO_ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
# The worker runs at a given moment (time-machine), ticking from there.
FROZEN_START = """
import datetime, sys, time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
from celery.__main__ import main
sys.argv[0] = "celery"
main()
"""


def database_url() -> str:
    """The URL of the test database this test process uses, for the worker to share it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, mail_dir: Path, redis_url: str, queue: str | None):
        self.mail_dir = mail_dir
        # A queue of its own: test runs side by side on one Redis don't take each other's
        # messages (a test with a Redis server of its own may use the project's queues,
        # "notifications,reports"; `send` uses the first).
        self.queues = (queue or f"test-{uuid.uuid4().hex}").split(",")
        self.queue = self.queues[0]
        # Not the current app: shared tasks published by the test keep the project's.
        self.client = Celery(broker=redis_url, set_as_current=False)
        self.redis = redis.Redis.from_url(redis_url)
        self.output = ""
        self.process = None

    def send(self, task: str, *args):
        self.client.send_task(task, args=list(args), queue=self.queue)

    def wait_until_idle(self, timeout: float = 60) -> None:
        """Until its queue is empty and none of its messages is unacknowledged (acks are
        late: a message is acknowledged once its task has run)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(self.redis.llen(queue) for queue in self.queues) and not self._unacked():
                return
            time.sleep(0.2)
        raise TimeoutError("the worker did not empty its queue")

    def _unacked(self) -> bool:
        # kombu keeps each delivered message as [message, exchange, routing key].
        return any(json.loads(entry)[2] in self.queues for entry in self.redis.hvals("unacked"))

    def kill(self) -> None:
        """SIGKILL, as the out-of-memory killer or a lost machine would: no clean-up."""
        self.process.kill()
        self.process.wait()

    def wait_for_emails(self, count: int, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.emails()) < count:
            time.sleep(0.2)
        return self.emails()

    def emails(self) -> list:
        """The messages written so far (a file may hold several, separated by a line of
        dashes)."""
        if not self.mail_dir.exists():
            return []
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(email.message_from_bytes(raw, policy=email.policy.default))
        return messages


@contextlib.contextmanager
def run_worker(tmp_path: Path, now=None, *, redis_url=REDIS_URL, queue=None, pool="solo", env=None):
    """Start a worker (at the moment `now`, if given) and stop it on exit. `env` adds to
    its environment (settings read from it); `pool="prefork"` for time limits."""
    worker = Worker(tmp_path / "mail", redis_url, queue)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "worker-test",
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(worker.mail_dir),
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
        **(env or {}),
    }
    start = ["-c", FROZEN_START, now.isoformat()] if now else ["-m", "celery"]
    process = worker.process = subprocess.Popen(
        [
            sys.executable,
            *start,
            "-A",
            "incubateur",
            "worker",
            "--pool",
            pool,
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--queues",
            ",".join(worker.queues),
            "--loglevel",
            "INFO",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield worker
    finally:
        process.terminate()
        try:
            worker.output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            worker.output, _ = process.communicate()
        worker.redis.delete(*worker.queues)
        print(worker.output)
