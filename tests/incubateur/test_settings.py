import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import the settings in a fresh process with exactly the given environment."""
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import incubateur.settings as s; print(s.DEBUG, s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = load_settings(ALLOWED_HOSTS="investigations.example.gouv.fr")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_clear_message():
    result = load_settings(SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize("debug", ["", "0", "false", "no"])
def test_debug_is_off_unless_set(debug):
    result = load_settings(DEBUG=debug, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_development_needs_nothing_and_runs_tasks_eagerly():
    result = load_settings(DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_redis_url_turns_off_eager_tasks():
    result = load_settings(DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/0")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_the_project_speaks_french_in_paris_time(settings):
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_uploads_are_never_inside_the_static_files(settings):
    media, static = Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)

    assert not media.is_relative_to(static)
    assert settings.MEDIA_URL in ("", "/")  # no public URL serves uploads
