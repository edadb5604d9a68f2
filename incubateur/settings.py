"""Settings for the investigation-programme platform, read from the environment.

Defaults are safe for development: without DATABASE_URL the database is a SQLite file,
without REDIS_URL Celery runs tasks eagerly and the cache lives in local memory. With DEBUG
off (the default), SECRET_KEY and ALLOWED_HOSTS must be set or start-up stops.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from incubateur.storage import default_storage_from

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Set by `make test`: tests run with DEBUG off but read static files from the app folders.
TESTING = env_bool("TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or set DEBUG=true for development)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Give the served host names, comma-separated "
            "(or set DEBUG=true for development)."
        )

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # django.contrib.admin, whose site requires two-factor authentication.
    "incubateur.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "widget_tweaks",
    "dsfr",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "incubateur",
    "incubateur.accounts",
    "incubateur.notifications",
    "incubateur.privacy",
    "incubateur.audit",
    "incubateur.calendars",
    "incubateur.formtokens",
    "programmes",
    "intrapreneurs",
    "investigations",
    "knowledge",
    "reports",
    # Last: the demo data imports every app above.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "incubateur.urls"
WSGI_APPLICATION = "incubateur.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "incubateur.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: PostgreSQL from DATABASE_URL, else a local SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Connection pooling on PostgreSQL (README, "Connection pooling"): "none" keeps each
# process's connections for DATABASE_CONN_MAX_AGE; "pgbouncer" suits PgBouncer in
# transaction mode (a connection per transaction: none kept, no server-side cursor, which
# would outlive the transaction); "psycopg" uses Django's psycopg pool in each process.
DATABASE_POOL = os.environ.get("DATABASE_POOL", "none")
if DATABASE_POOL not in {"none", "pgbouncer", "psycopg"}:
    raise ImproperlyConfigured("DATABASE_POOL must be 'none', 'pgbouncer' or 'psycopg'.")
if DATABASE_POOL != "none" and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if DATABASE_POOL == "pgbouncer":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
            # A request waits this long for a free connection, then fails.
            "timeout": 10,
        }
        # The pool checks connections itself; Django's checks apply to persistent ones.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Each transaction takes the write lock when it starts, and a writer waits for the
    # other: concurrent requests queue instead of failing with « database is locked »
    # (SQLite has no row locks; the constraints decide races).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # A file, not memory, so that a real Celery worker started by a test can share it.
    # One file per test run, so that runs side by side don't share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"incubateur-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; otherwise eager tasks and local memory.
# The two roles may be split over two servers (REDIS_BROKER_URL or CELERY_BROKER_URL, and
# REDIS_CACHE_URL): the broker must never evict a key (maxmemory-policy noeviction, a lost
# message is a lost task), the cache should evict the least recently used (allkeys-lru).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_BROKER_URL = (
    os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_BROKER_URL") or REDIS_URL
)
REDIS_CACHE_URL = os.environ.get("REDIS_CACHE_URL") or REDIS_URL
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Redis, or per-process memory while Redis is unreachable (incubateur/cache.py).
            "BACKEND": "incubateur.cache.ResilientRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "incubateur",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# After a failed cache operation, each process leaves Redis alone for this long.
CACHE_BREAKER_SECONDS = float(os.environ.get("CACHE_BREAKER_SECONDS", "30"))

CELERY_BROKER_URL = REDIS_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = DEBUG or TESTING
# Acknowledged once run. A message whose worker died is redelivered only after Redis's
# visibility timeout (one hour): nothing waits for that. What a dead worker held is found
# in the database (report heartbeats, notification claims) by the sweeps below, and the
# redelivered message then finds nothing left to do.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must never hang a request when Redis is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Redis's default, written down because it must stay above the longest render
    # (REPORT_TIME_LIMIT) and the longest retry countdown of a delivery (300 s): a message
    # unacknowledged for longer is delivered again while it still runs or waits. ETAs and
    # countdowns stay short for the same reason; what is due later lives in the database.
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
# Two queues, each with its own workers (README, "Queues"): reports (WeasyPrint, heavy,
# prefork with time limits and recycled children) and everything else, notifications
# first, so that a burst of reports never delays an email.
CELERY_TASK_DEFAULT_QUEUE = "notifications"
CELERY_TASK_ROUTES = {"programmes.tasks.generate_report": {"queue": "reports"}}
CELERY_TIMEZONE = "Europe/Paris"
# One frequent task selects from the database what is due (reminders, digests, anything
# left unsent) and fans out one task per email: the times of day live in
# incubateur/notifications/timing.py, never in long ETAs.
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "incubateur.notifications.tasks.send_due_notifications",
        "schedule": crontab(minute="*/5"),
        # A run stuck in a backlog is useless once the next one is due.
        "options": {"expires": 240},
    },
    # RGPD retention: warn, then anonymise, the accounts inactive for too long.
    "anonymise-inactive-accounts": {
        "task": "incubateur.privacy.tasks.anonymise_inactive_accounts",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 6 * 3600},
    },
    # Reports whose publication failed (broker down) or whose worker died: every minute,
    # so that a lost report is taken again within two minutes of a worker being there.
    "sweep-reports": {
        "task": "programmes.tasks.sweep_reports",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
}

# Reports (reports/): past the soft limit a report is failed with a reason; the
# hard limit kills what did not stop (prefork pool). The worker rendering a report stamps
# a heartbeat; a running report without one for REPORT_LOST_AFTER_SECONDS lost its worker
# and is taken again once (then failed). A pending report is published again when its
# message was not consumed after REPORT_REPUBLISH_AFTER_SECONDS.
REPORT_SOFT_TIME_LIMIT = int(os.environ.get("REPORT_SOFT_TIME_LIMIT", "180"))
REPORT_TIME_LIMIT = int(os.environ.get("REPORT_TIME_LIMIT", "240"))
REPORT_HEARTBEAT_SECONDS = float(os.environ.get("REPORT_HEARTBEAT_SECONDS", "10"))
REPORT_LOST_AFTER_SECONDS = float(os.environ.get("REPORT_LOST_AFTER_SECONDS", "60"))
REPORT_REPUBLISH_AFTER_SECONDS = float(os.environ.get("REPORT_REPUBLISH_AFTER_SECONDS", "120"))
if not 0 < REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT:
    raise ImproperlyConfigured("REPORT_SOFT_TIME_LIMIT must be below REPORT_TIME_LIMIT.")
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= max(REPORT_TIME_LIMIT, 300):
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be above REPORT_TIME_LIMIT and 300 s (retries)."
    )
if not 0 < REPORT_HEARTBEAT_SECONDS * 3 <= REPORT_LOST_AFTER_SECONDS:
    raise ImproperlyConfigured("REPORT_LOST_AFTER_SECONDS must be 3 heartbeats at least.")

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Every account has a name (first and last), asked at sign-up, prefilled from ProConnect.
ACCOUNT_SIGNUP_FORM_CLASS = "incubateur.accounts.forms.NameSignupForm"
ACCOUNT_ADAPTER = "programmes.accounts.InvitationAccountAdapter"
# The address field says « Adresse électronique » (incubateur/glossary.py).
ACCOUNT_FORMS = {
    "login": "incubateur.accounts.allauth_forms.LoginForm",
    "signup": "incubateur.accounts.allauth_forms.SignupForm",
    "reset_password": "incubateur.accounts.allauth_forms.ResetPasswordForm",
    "add_email": "incubateur.accounts.allauth_forms.AddEmailForm",
}
SOCIALACCOUNT_FORMS = {"signup": "incubateur.accounts.allauth_forms.SocialSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Only verified addresses count (SECURITY.md): an unconfirmed one never blocks a sign-up.
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Investigations] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits count in the cache: Redis in production, shared by every worker.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind N reverse proxies, the client's address is the Nth from the right in
# X-Forwarded-For; allauth's and our own rate limits (incubateur/ratelimits.py) read it.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor authentication (an authenticator app, and recovery codes); required for the
# Django admin (incubateur/admin_site.py) unless ADMIN_REQUIRE_MFA is off.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Investigations ANCT"
ADMIN_REQUIRE_MFA = env_bool("ADMIN_REQUIRE_MFA", default=True)

# RGPD: accounts without activity (last login, or sign-up) for this many days are
# anonymised, after a warning email this many days before (`anonymise_inactive`).
RGPD_INACTIVITY_DAYS = int(os.environ.get("RGPD_INACTIVITY_DAYS", "1095"))
RGPD_WARNING_DAYS = int(os.environ.get("RGPD_WARNING_DAYS", "30"))
if not 0 < RGPD_WARNING_DAYS < RGPD_INACTIVITY_DAYS:
    raise ImproperlyConfigured(
        "RGPD_WARNING_DAYS must be positive and less than RGPD_INACTIVITY_DAYS."
    )

# Interview notes: the details of the people met, in the weekly logs, are erased this many
# days after the programme closes (admins are asked by email; `purge_people_met` does it).
PEOPLE_MET_RETENTION_DAYS = int(os.environ.get("PEOPLE_MET_RETENTION_DAYS", "90"))

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ADAPTER = "incubateur.accounts.adapters.ProConnectSocialAccountAdapter"

# ProConnect (OpenID Connect), enabled only when its client id and secret are set.
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_SERVER_URL = os.environ.get(
    "PROCONNECT_SERVER_URL", "https://auth.agentconnect.gouv.fr/api/v2"
)
PROCONNECT_ENABLED = bool(PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET)
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "incubateur.accounts.proconnect.provider.ProConnectProvider",
        "VERIFIED_EMAIL": True,
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "proconnect",
                    "name": "ProConnect",
                    "client_id": PROCONNECT_CLIENT_ID,
                    "secret": PROCONNECT_CLIENT_SECRET,
                    "settings": {
                        "server_url": PROCONNECT_SERVER_URL,
                        "token_auth_method": "client_secret_post",
                    },
                }
            ]
            if PROCONNECT_ENABLED
            else []
        ),
    }
}

# Internationalisation
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files through whitenoise; uploads in a private folder, never served as static.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "private-media"))
# Uploads and reports: the local disk (MEDIA_ROOT) by default, or a private S3-compatible
# bucket (STORAGE_BACKEND=s3, S3_* variables: incubateur/storage.py) when web and worker
# processes run on several hosts. Downloads always go through the access-checked views.
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
STORAGES = {
    "default": default_storage_from(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# No Subresource Integrity on the DSFR's files: the manifest storage rewrites the `url()`s
# inside its CSS, so the hashes django-dsfr ships no longer match what is served and the
# browser refuses the files (tests/e2e/test_production_static.py). SRI guards files served by
# another origin (a CDN); these come from our own, where whoever could change them could
# change the page that names them (the same setting covers the DSFR's JS).
DSFR_USE_INTEGRITY_CHECKSUMS = False
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Email: SMTP in production; `make run` uses the console, tests Django's locmem outbox.
EMAIL_BACKEND_PATH = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {"file_path": os.environ.get("EMAIL_FILE_PATH", "")}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Incubateur des territoires <investigations@incubateur.anct.gouv.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Notifications (reminders, digests, every email of the platform but allauth's).
NOTIFICATIONS_FROM_EMAIL = os.environ.get("NOTIFICATIONS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NOTIFICATIONS_REPLY_TO = env_list("NOTIFICATIONS_REPLY_TO")

# Security: strict by default, relaxed only for local HTTP development.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# htmx posts the csrfmiddlewaretoken field of its forms: no script ever reads the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the platform never uses, denied to every origin.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ],
    [],
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, "https:"] if PROCONNECT_ENABLED else [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Where to report a vulnerability (SECURITY.md, /.well-known/security.txt).
SECURITY_CONTACT_EMAIL = os.environ.get(
    "SECURITY_CONTACT_EMAIL", "securite@incubateur.anct.gouv.fr"
)

# Rate limits of our own forms (django-ratelimit, counted in the cache, per user or per
# client address; incubateur/ratelimits.py). allauth's are ACCOUNT_RATE_LIMITS above.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "incubateur.ratelimits.client_ip"
RATE_LIMIT_INVITATIONS_PER_USER = os.environ.get("RATE_LIMIT_INVITATIONS_PER_USER", "30/h")
RATE_LIMIT_INVITATIONS_PER_IP = os.environ.get("RATE_LIMIT_INVITATIONS_PER_IP", "60/h")
RATE_LIMIT_SUBMISSIONS_PER_USER = os.environ.get("RATE_LIMIT_SUBMISSIONS_PER_USER", "60/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step and fontTools every font it decompresses.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
