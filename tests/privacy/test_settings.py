"""RGPD_INACTIVITY_DAYS and RGPD_WARNING_DAYS come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import incubateur.settings as s; print(s.RGPD_INACTIVITY_DAYS, s.RGPD_WARNING_DAYS)",
        ],
        cwd=REPO_ROOT,
        env={**base, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_three_years_and_thirty_days_by_default():
    assert load_settings().stdout.split() == ["1095", "30"]


def test_the_environment_sets_them():
    result = load_settings(RGPD_INACTIVITY_DAYS="730", RGPD_WARNING_DAYS="15")

    assert result.stdout.split() == ["730", "15"]


def test_a_warning_longer_than_the_period_stops_the_start_up():
    result = load_settings(RGPD_INACTIVITY_DAYS="30", RGPD_WARNING_DAYS="30")

    assert result.returncode != 0
    assert "RGPD_WARNING_DAYS must be positive and less than RGPD_INACTIVITY_DAYS" in result.stderr
