"""scripts/system-packages.sh: the one list of system packages that `make run`, `make test`
and `.ci/run` check. `id` and `apt-get` are replaced by small scripts on the PATH, so that
both the root path (install) and the non-root path (one-line instruction) run here without
installing anything."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "system-packages.sh"
ABSENT = "incubateur-absent-package-for-tests"


@pytest.fixture
def shims(tmp_path):
    """A folder put first on the PATH: `id -u` answers $FAKE_UID, `apt-get` logs its
    arguments in apt-get.log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text('#!/bin/sh\necho "$FAKE_UID"\n')
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "apt-get.log"}\n')
    for shim in bin_dir.iterdir():
        shim.chmod(0o755)
    return tmp_path


def run_script(shims, target, *, uid, extra=""):
    env = {
        **os.environ,
        "PATH": f"{shims / 'bin'}:{os.environ['PATH']}",
        "FAKE_UID": str(uid),
        "EXTRA_SYSTEM_PACKAGES": extra,
    }
    return subprocess.run(
        [SCRIPT, target], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def apt_get_calls(shims):
    log = shims / "apt-get.log"
    return log.read_text().splitlines() if log.exists() else []


# `make test` installs the run and test lists; only `.ci/run` installs the ci list (with
# docker-compose), so a newcomer's machine has the ci list only in CI.
INSTALLED_TARGETS = ["run", "test", "ci"] if os.environ.get("CI") else ["run", "test"]


@pytest.mark.parametrize("target", INSTALLED_TARGETS)
def test_nothing_to_do_when_every_package_is_there(shims, target):
    """`make test` has installed them (as root) before the suite runs."""
    result = run_script(shims, target, uid=1000)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert apt_get_calls(shims) == []


def test_without_root_a_missing_package_stops_with_one_line_giving_the_command(shims):
    result = run_script(shims, "test", uid=1000, extra=ABSENT)

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(f"sudo apt-get install --no-install-recommends {ABSENT}")
    assert apt_get_calls(shims) == []


def test_as_root_missing_packages_are_installed(shims):
    result = run_script(shims, "run", uid=0, extra=f"{ABSENT} {ABSENT}-2")

    assert result.returncode == 0, result.stderr
    assert apt_get_calls(shims) == [
        "update -qq",
        f"install -y -qq --no-install-recommends {ABSENT} {ABSENT}-2",
    ]


def test_an_unknown_target_is_refused(shims):
    result = run_script(shims, "everything", uid=1000)

    assert result.returncode == 2
    assert "usage" in result.stderr


def test_the_last_lines_of_a_run_say_how_many_tests_were_skipped_and_why(tmp_path):
    """Without Chromium (here, a CHROMIUM_PATH that does not exist), the browser tests are
    skipped, and on SQLite the PostgreSQL-only ones: the run's last lines say how many and
    why, with the command that installs Chromium."""
    env = {**os.environ, "CHROMIUM_PATH": str(tmp_path / "no-chromium"), "CI": "false"}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/e2e/test_production_static.py",
            "tests/knowledge/test_postgresql_search.py",
            "-k",
            "styled or postgresql_search",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=SCRIPT.parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    last_lines = "\n".join(result.stdout.splitlines()[-5:])
    assert "4 browser test(s) SKIPPED: Chromium is missing." in last_lines
    assert "apt-get install --no-install-recommends chromium" in last_lines
    assert "7 test(s) SKIPPED: PostgreSQL's French text search: runs with DATABASE_URL" in (
        last_lines
    )
    assert "11 skipped" in last_lines
