"""Starting a process (a web worker, a command, a test run, a Celery worker) loads every URL,
view and task, but not WeasyPrint: it takes seconds to import, and only the processes that
render a PDF need it (reports/rendering.py imports it there)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys, django
django.setup()
from django.urls import get_resolver
get_resolver().resolve("/")
import incubateur.celery, programmes.views.reports, reports.tasks
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] == "weasyprint")))
"""


def test_loading_the_urls_views_and_tasks_does_not_import_weasyprint():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "incubateur.settings",
        "SECRET_KEY": "startup-test",
        "ALLOWED_HOSTS": "testserver",
    }

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
