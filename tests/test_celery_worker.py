"""A real Celery worker, through a real Redis, runs a task against the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from tests.intrapreneurs.factories import ProblemSubmissionFactory

REPO_ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def database_url() -> str:
    """The URL of the test database this test process uses, for the worker to share it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "worker-test",
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "incubateur",
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield tmp_path / "mail"
    process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)


@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_receipt_of_a_submission(worker):
    submission = ProblemSubmissionFactory(submitted=True, title="Courriers illisibles")
    client = Celery(broker=REDIS_URL)

    client.send_task("intrapreneurs.tasks.send_submission_receipt", args=[submission.pk])

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (worker.exists() and any(worker.iterdir())):
        time.sleep(0.2)
    messages = [path.read_text() for path in worker.iterdir()] if worker.exists() else []
    assert len(messages) == 1
    assert "Courriers illisibles" in messages[0]
    assert f"To: {submission.author.email}" in messages[0]
