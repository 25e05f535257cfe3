"""Django settings for herenigd. Every setting that varies per deployment comes from the environment
(see `herenigd.env` and docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from herenigd.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

DEBUG = env_bool("DEBUG", False, "Django debug mode; never true in production.")
# With DEBUG=false the server is production and fails closed (see the end of this section);
# `make run`, `make test` and pytest set this explicit override for development.
INSECURE_DEV = env_bool(
    "HERENIGD_INSECURE_DEV",
    False,
    "Development only: allow the development keys and plain HTTP with DEBUG=false.",
)
DEV_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105 - refused in production
SECRET_KEY = env_str(
    "SECRET_KEY",
    DEV_SECRET_KEY,
    "Secret key for signing; required (long and random) in production.",
)
DEV_AUDIT_KEY = "insecure-development-audit-key"
# The key of the audit trail's HMACs (docs/decisions/0002-audit-trail.md); never in the database.
HERENIGD_AUDIT_KEY = env_str(
    "HERENIGD_AUDIT_KEY",
    DEV_AUDIT_KEY,
    "Key of the audit trail's HMAC chain; required (long and random) in production.",
)
HTTPS = env_bool("HTTPS", False, "Served over HTTPS (production): secure cookies, HSTS.")
MIN_KEY_LENGTH = 32


def production_problems() -> list[str]:
    """What stops a production start (DEBUG=false without HERENIGD_INSECURE_DEV)."""
    if DEBUG or INSECURE_DEV:
        return []
    problems = []
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < MIN_KEY_LENGTH:
        problems.append(f"SECRET_KEY must be set (at least {MIN_KEY_LENGTH} random characters)")
    if HERENIGD_AUDIT_KEY == DEV_AUDIT_KEY or len(HERENIGD_AUDIT_KEY) < MIN_KEY_LENGTH:
        problems.append(
            f"HERENIGD_AUDIT_KEY must be set (at least {MIN_KEY_LENGTH} random characters)"
        )
    elif HERENIGD_AUDIT_KEY == SECRET_KEY:
        problems.append("HERENIGD_AUDIT_KEY must differ from SECRET_KEY")
    if not HTTPS:
        problems.append("HTTPS must be true (secure cookies and HSTS)")
    return problems


if _problems := production_problems():
    # One clear line, no traceback: this is an operator's configuration, not a bug.
    raise SystemExit(
        "herenigd refuses to start with DEBUG=false: "
        + "; ".join(_problems)
        + ". (Development only: HERENIGD_INSECURE_DEV=true.)"
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver", "Comma-separated host names served."
)
DATABASES = {
    "default": dj_database_url.parse(
        env_str(
            "DATABASE_URL",
            f"sqlite:///{PROJECT_DIR / 'var' / 'herenigd.sqlite3'}",
            "Database URL; SQLite file under var/ by default, postgres://… in production.",
        ),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, "Seconds to keep database connections."),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded SQLite with concurrent requests and `herenigd` processes on one file (docs/
    # operations.md, "Embedded SQLite under load"; proven by tests/test_sqlite_concurrency.py):
    # - journal_mode=WAL: readers never wait for the writer, nor it for them;
    # - timeout (SQLite's busy timeout, set when the connection opens, so the PRAGMA below waits
    #   too): a writer waits up to 20 s for the one writing instead of failing at once with
    #   "database is locked";
    # - transaction_mode=IMMEDIATE: a transaction takes the write lock when it begins. A DEFERRED
    #   one that read first and then writes after another connection committed cannot wait: it
    #   fails at once, whatever the timeout (measured: without it every concurrent form write
    #   ended in a 500). Every write transaction is short; keep it so.
    # synchronous stays FULL (SQLite's default): a committed change and its audit event survive
    # a power cut; NORMAL gained nothing measurable (the load is CPU-bound).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files served by the app itself (no CDN: the CSP allows 'self' only).
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "herenigd.organisations",
    "herenigd.families",
    "herenigd.timeline",
    "herenigd.rules.apps.RulesConfig",
    "herenigd.access",
    "herenigd.audit",
    "herenigd.intake",
    "herenigd.accounts",
    "herenigd.api",
    "herenigd.casefile",
    "herenigd.demo",
    "herenigd.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "herenigd.accounts.middleware.AuditViaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "herenigd.accounts.middleware.SessionLimitsMiddleware",
    "herenigd.accounts.middleware.RequireSecondFactorMiddleware",
    "herenigd.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns lockouts into a clear page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out accounts before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Seam for the municipality's identity provider (OIDC, e.g. mozilla-django-oidc): add its
    # backend here; the second factor and the access layer apply to it unchanged.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"

ROOT_URLCONF = "herenigd.urls"
WSGI_APPLICATION = "herenigd.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "herenigd.accounts.context_processors.security",
            ],
        },
    }
]

# Argon2id first (OWASP ASVS 5.0 V6); the others only to verify and upgrade old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "herenigd.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    # Django ships a list of 20,000 common and breached passwords (OWASP ASVS 5.0 V6.2.4).
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("ar", "العربية"), ("ti", "ትግርኛ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = (
    env_str("STATIC_ROOT", "", "Folder for `herenigd collectstatic` in production; empty = none.")
    or None
)
# Static files are served by the app itself (WhiteNoise), so no web server or CDN is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions (OWASP ASVS 5.0 V7): idle timeout 30 minutes, absolute 12 hours.
SESSION_COOKIE_AGE = env_int("HERENIGD_IDLE_TIMEOUT_MINUTES", 30, "Idle session timeout.") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
HERENIGD_SESSION_ABSOLUTE_SECONDS = (
    env_int("HERENIGD_SESSION_MAX_HOURS", 12, "Absolute session lifetime in hours.") * 3600
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "img-src": ["'self'", "data:"],
    }
}

# Two-factor authentication (TOTP) for every professional, on every way in.
HERENIGD_REQUIRE_2FA = env_bool(
    "HERENIGD_REQUIRE_2FA",
    True,
    "Require a second factor (TOTP) for professionals; only a demo may switch it off.",
)
OTP_TOTP_ISSUER = "herenigd"

# Lockout (django-axes): five failed logins lock the account.
AXES_FAILURE_LIMIT = env_int("HERENIGD_LOCKOUT_FAILURES", 5, "Failed logins before lockout.")
# Lock the account, not the address: a town hall behind one NAT address must not lock out all
# its staff because of one person's typing (hence axes.W006 is silenced).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_COOLOFF_TIME = env_int("HERENIGD_LOCKOUT_MINUTES", 30, "Minutes a lockout lasts.") / 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

HERENIGD_BREAK_GLASS_MINUTES = env_int(
    "HERENIGD_BREAK_GLASS_MINUTES", 180, "How long emergency (break-the-glass) access lasts."
)
HERENIGD_RETENTION_DAYS = env_int(
    "HERENIGD_RETENTION_DAYS",
    730,
    "Days after guidance ended before a family's identities are anonymised.",
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["herenigd.api.permissions.VerifiedProfessional"],
    "EXCEPTION_HANDLER": "herenigd.api.errors.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "herenigd API",
    "VERSION": "1.0.0",
    # The documentation's JavaScript and CSS come from drf-spectacular-sidecar, served as static
    # files by the app (docs/operations.md, "API documentation").
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

HERENIGD_RULESET = env_str(
    "HERENIGD_RULESET", "", "Path to a deployment's own rule set (YAML); empty = shipped default."
)
HERENIGD_DEMO_PASSWORD = env_str(
    "HERENIGD_DEMO_PASSWORD",
    "herenigd-demo-2026",
    "Password of the demo accounts created by `herenigd demo` (demo only).",
)

CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL", "", "Celery broker (redis://…); empty = tasks run inline, no worker."
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Time passes: deadlines become overdue and points appear without any change to the data.
    "evaluate-all-families-daily": {
        "task": "herenigd.rules.tasks.evaluate_all",
        "schedule": crontab(hour=2, minute=15),
    },
    # The safety net of the evaluation after each change: families changed but not evaluated
    # since (the process died after the commit) are evaluated (docs/operations.md).
    "evaluate-pending-families": {
        "task": "herenigd.rules.tasks.evaluate_pending",
        "schedule": crontab(minute="*/15"),
    },
    "anonymise-after-retention-daily": {
        "task": "herenigd.casefile.tasks.anonymise_due_families",
        "schedule": crontab(hour=3, minute=0),
    },
    # New audit events get their place in the keyed chain (docs/decisions/0002-audit-trail.md).
    "seal-audit-trail": {
        "task": "herenigd.audit.tasks.seal_audit_trail",
        "schedule": crontab(minute="*/5"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        # Task bookkeeping is noise at INFO (and tasks run inline without a broker).
        "celery": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "INFO", "Log level (never logs personal data)."),
    },
}

# --- Case-bundle import limits (herenigd.casefile; docs/bundles.md "Limits") ---------------------
# The defaults are repeated in herenigd.casefile.limits.LIMIT_SETTINGS (a test keeps them equal).
HERENIGD_BUNDLE_MAX_BYTES = env_int(
    "HERENIGD_BUNDLE_MAX_BYTES", 5_000_000, "Largest case-bundle file import-bundle reads (bytes)."
)
HERENIGD_BUNDLE_MAX_MEMBERS = env_int(
    "HERENIGD_BUNDLE_MAX_MEMBERS", 50, "Most members of one family in a case bundle."
)
HERENIGD_BUNDLE_MAX_EVENTS = env_int(
    "HERENIGD_BUNDLE_MAX_EVENTS", 2_000, "Most timeline events of one family in a case bundle."
)
HERENIGD_BUNDLE_MAX_CONTACTS = env_int(
    "HERENIGD_BUNDLE_MAX_CONTACTS", 5_000, "Most contacts of one family in a case bundle."
)
HERENIGD_BUNDLE_MAX_DEPTH = env_int(
    "HERENIGD_BUNDLE_MAX_DEPTH", 16, "Deepest nesting of lists and objects in a case bundle."
)
HERENIGD_BUNDLE_MAX_STRING_LENGTH = env_int(
    "HERENIGD_BUNDLE_MAX_STRING_LENGTH", 10_000, "Longest text (characters) in a case bundle."
)
# --- end of case-bundle import limits ------------------------------------------------------------
