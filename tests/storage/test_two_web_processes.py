"""Two web processes (gunicorn, as in production) on the same database, Redis and bucket,
with a real worker: a session opened on one is valid on the other; a report asked on one,
rendered by the worker, is downloaded from the other."""

import contextlib
import os
import subprocess
import sys
import time

import pytest
import requests
from django.conf import global_settings
from django.urls import reverse

from reports.models import Report
from tests.celery_worker import REPO_ROOT, database_url, run_worker
from tests.factories import DEFAULT_PASSWORD
from tests.redis_server import free_port, redis_server
from tests.reports.conftest import build_programme


@contextlib.contextmanager
def web_process(redis_url: str):
    """gunicorn on a free port of 127.0.0.1, configured from the environment as the test
    process's workers are (the storage from the `storage` fixture)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "two-web-processes",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TESTING": "true",  # static files from the finders: no collectstatic needed
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "incubateur.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{url}/healthz", timeout=10)
            break
        except requests.RequestException:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


class PlainHttpBrowser(requests.Session):
    """A browser that sends the cookies marked Secure over the test's plain HTTP (in
    production TLS ends at the proxy in front)."""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response

    def request(self, *args, **kwargs):
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


def csrf_post(session, url, data=None):
    return session.post(
        url, data={"csrfmiddlewaretoken": session.cookies["csrftoken"], **(data or {})}
    )


# On the bucket: what processes on several hosts share (the local disk would be one host's).
@pytest.mark.parametrize("storage", ["s3"], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_a_session_and_a_report_are_shared_by_two_web_processes(storage, tmp_path, settings):
    # The web processes check passwords with the project's hasher, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    programme = build_programme(investigations=1)
    coach = programme.coach
    coach.set_password(DEFAULT_PASSWORD)
    coach.save()

    with (
        redis_server() as redis,
        web_process(redis.url) as first,
        web_process(redis.url) as second,
        run_worker(tmp_path, redis_url=redis.url, queue="notifications,reports") as worker,
    ):
        browser = PlainHttpBrowser()
        browser.get(f"{first}/comptes/login/")
        signed_in = csrf_post(
            browser,
            f"{first}/comptes/login/",
            {"login": coach.email, "password": DEFAULT_PASSWORD},
        )
        assert signed_in.url.rstrip("/") != f"{first}/comptes/login", signed_in.text[-2000:]

        # The session opened on the first process is valid on the second.
        on_second = browser.get(
            second + reverse("programmes:programme_detail", args=[programme.slug])
        )
        assert on_second.status_code == 200
        assert "/comptes/login/" not in on_second.url

        csrf_post(browser, first + reverse("programmes:report_request", args=[programme.slug]))
        report = Report.objects.get()
        deadline = time.monotonic() + 120
        while report.status != Report.Status.READY and time.monotonic() < deadline:
            time.sleep(0.2)
            report.refresh_from_db()
        assert report.status == Report.Status.READY, worker.output

        download = browser.get(second + reverse("programmes:report_download", args=[report.pk]))

    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
