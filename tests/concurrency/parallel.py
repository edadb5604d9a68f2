"""Parallel HTTP requests against `live_server`, as two people (or two clicks) would send
them: one thread and one connection per request, released together by a barrier.

Each request carries its user's session cookie and a CSRF secret (sent both as the cookie
and as the form field, as Django accepts), never follows redirects, and returns
(status, body)."""

import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.test import Client

# Enough for the examples to be meaningful and the suite to stay quick; run the module
# with RACE_TRIALS=25 to explore further.
DEFAULT_TRIALS = 5


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class Browser:
    """A signed-in user's cookies, for urllib."""

    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.csrf = secrets.token_hex(16)  # a 32-character secret, as Django makes them

    def post(self, url: str, data: dict, headers=None) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True)
        request = urllib.request.Request(
            url,
            data=body.encode(),
            method="POST",
            headers={
                "Cookie": (
                    f"{settings.SESSION_COOKIE_NAME}={self.session}; "
                    f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
                ),
                "Content-Type": "application/x-www-form-urlencoded",
                **(headers or {}),
            },
        )
        try:
            with _opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def together(*calls) -> list:
    """Run the calls, each (function, *arguments), at the same moment, each in its own
    thread; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        function, *arguments = call
        barrier.wait()
        results[index] = function(*arguments)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
