"""Production settings pass Django's deployment checklist without a single warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Variables that `make test` or a developer's shell may set and that production leaves unset
# (TESTING and SECURE_SSL_REDIRECT=false relax the settings for the test client).
NOT_IN_PRODUCTION = (
    "DEBUG",
    "TESTING",
    "SECURE_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_SETTINGS_MODULE",
)


def production_environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="investigations.example.gouv.fr",
        DJANGO_SETTINGS_MODULE="incubateur.settings",
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "System check identified no issues" in output, output


def test_production_settings_harden_cookies_headers_and_the_admin():
    """What `check --deploy` does not look at (issue 8, point 2)."""
    code = (
        "import incubateur.settings as s; print("
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.CSRF_COOKIE_HTTPONLY, "
        "s.SECURE_CROSS_ORIGIN_OPENER_POLICY, s.SECURE_REFERRER_POLICY, s.ADMIN_REQUIRE_MFA, "
        "'django_permissions_policy.PermissionsPolicyMiddleware' in s.MIDDLEWARE, "
        "s.PERMISSIONS_POLICY['camera'] == [], 'allauth.mfa' in s.INSTALLED_APPS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "Lax",
        "Lax",
        "True",
        "same-origin",
        "same-origin",
        "True",
        "True",
        "True",
        "True",
    ]
