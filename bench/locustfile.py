"""The load test of `make bench` (started by bench/run.py): signed-in users hit the
coach dashboard, an intrapreneur's weekly-log form and a trivial page (the accessibility
statement, through the same middleware), each as often, without pause.

Sessions come from bench/measure.py (Django's session store, as after a login); the
cookie is sent as a header because the production settings mark it `Secure` and the
test runs over plain HTTP on loopback."""

import os

from locust import HttpUser, constant, task

COOKIE = os.environ.get("BENCH_COOKIE_NAME", "sessionid")


class SignedInUser(HttpUser):
    wait_time = constant(0)

    def _get(self, path: str, session: str, name: str) -> None:
        with self.client.get(
            path,
            headers={"Cookie": f"{COOKIE}={session}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task
    def coach_dashboard(self):
        self._get(
            os.environ["BENCH_DASHBOARD_PATH"], os.environ["BENCH_COACH_SESSION"], "coach_dashboard"
        )

    @task
    def log_form(self):
        self._get(
            os.environ["BENCH_LOG_FORM_PATH"],
            os.environ["BENCH_INTRAPRENEUR_SESSION"],
            "log_form",
        )

    @task
    def trivial(self):
        self._get(os.environ["BENCH_TRIVIAL_PATH"], os.environ["BENCH_COACH_SESSION"], "trivial")
