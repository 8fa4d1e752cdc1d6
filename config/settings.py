"""Settings for every environment, read from environment variables (SPEC §7).

The embedded default needs nothing: a SQLite file and e-mail files under ``var/``, Celery
tasks run eagerly in-process, DEBUG off unless asked for.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config.schedule import BEAT_SCHEDULE
from demo import logins as demo_logins

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# The local demo (`make run`): DEBUG off (the desk's own error pages), static files served by
# WhiteNoise straight from the apps (no collectstatic), the demo logins on the sign-in page.
DEMO = env.bool("DEMO", default=False)
DEMO_LOGINS = demo_logins.LOGINS if DEMO else []
DEMO_PASSWORD = demo_logins.DEMO_PASSWORD if DEMO else ""


def _local_secret_key() -> str:
    # Without SECRET_KEY a checkout gets its own random key, kept in var/, so that the
    # embedded default never runs with a key that is published in the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "core.api.errors.csrf_failure"

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "csp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from the package, never a CDN
    "django_fsm",
    "django_celery_beat",
    "anymail",
    "django_htmx",
    "axes",
    "core.ui",
    "partners",
    "notifications",
    "billing",
    "tickets",
    "mailgate",
    "imports",
    "web",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.HostileInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "web.middleware.UserLanguageMiddleware",
    "web.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.actor",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers queue instead of
    # failing with "database is locked" half-way through a service.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL", default="")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# API tokens (django-rest-knox): stored as a SHA-512 digest, one new token per sign-in, dead after
# API_TOKEN_TTL_DAYS, with the password change or once the user's membership is removed.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# Two-factor sign-in (django-otp: TOTP plus single-use recovery codes). The roles listed must
# enrol at their next web sign-in before they can do anything else; empty turns this off.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["operator", "admin"])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Billing desk")

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The locked-out answer: the sign-in page (JSON for the API) saying why, in the reader's language.
AXES_LOCKOUT_CALLABLE = "web.public.account.lockout"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("pt-br", _("Brazilian Portuguese")),
    ("ru", _("Russian")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO
WHITENOISE_AUTOREFRESH = DEBUG or DEMO
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: attachments go through a permission check

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="billing-desk@localhost")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Inbound e-mail (mailgate): the domain of the per-ticket reply addresses (empty: the partner's
# own support address with a plus tag), and how many messages one sender may send in an hour.
INBOUND_EMAIL_DOMAIN = env("INBOUND_EMAIL_DOMAIN", default="").strip().lower()
INBOUND_EMAIL_RATE_PER_HOUR = env.int("INBOUND_EMAIL_RATE_PER_HOUR", default=20)
INBOUND_EMAIL_KEEP_DAYS = env.int("INBOUND_EMAIL_KEEP_DAYS", default=30)
# One catch-all IMAP mailbox polled by the beat task (empty host: no polling).
INBOUND_IMAP_HOST = env("INBOUND_IMAP_HOST", default="")
INBOUND_IMAP_PORT = env.int("INBOUND_IMAP_PORT", default=993)
INBOUND_IMAP_USER = env("INBOUND_IMAP_USER", default="")
INBOUND_IMAP_PASSWORD = env("INBOUND_IMAP_PASSWORD", default="")
INBOUND_IMAP_FOLDER = env("INBOUND_IMAP_FOLDER", default="INBOX")
INBOUND_IMAP_DONE_FOLDER = env("INBOUND_IMAP_DONE_FOLDER", default="")
# Partners' own mailboxes may not point into the desk's networks (mailgate/hosts.py) but for
# these hosts (comma-separated, lower case).
INBOUND_IMAP_PRIVATE_HOSTS = [
    host.strip().lower() for host in env.list("INBOUND_IMAP_PRIVATE_HOSTS", default=[])
]
INBOUND_IMAP_SSL = env.bool("INBOUND_IMAP_SSL", default=True)
# django-anymail: any provider's EmailBackend for outbound (EMAIL_BACKEND=anymail.backends.…),
# and Mailgun's signed inbound webhook at /api/webhooks/mailgun/inbound_mime/.
ANYMAIL = {
    "MAILGUN_API_KEY": env("MAILGUN_API_KEY", default=""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("MAILGUN_WEBHOOK_SIGNING_KEY", default=""),
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker (the embedded demo), deliver e-mails on a background thread of the web process
# instead of inside the request; the outbox sweeper backs it (notifications.tasks).
NOTIFICATION_DELIVER_AFTER_RESPONSE = env.bool("NOTIFICATION_DELIVER_AFTER_RESPONSE", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Every periodic task, listed in config/schedule.py; beat loads it into the database at start.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE
# The reports' nightly run rebuilds this many finished days (tickets/services/report_snapshots.py):
# what changed lately on a recent day (a ticket answered, a payment entered late) is counted again.
REPORT_SNAPSHOT_REFRESH_DAYS = env.int("REPORT_SNAPSHOT_REFRESH_DAYS", default=35)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Counted in the cache (Redis when REDIS_URL is set), so every web node sees the same count.
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "sign_in": env("THROTTLE_SIGN_IN", default="20/min"),
        "write": env("THROTTLE_WRITE", default="300/min"),
        "webhook": env("THROTTLE_WEBHOOK", default="600/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.DeskJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    # ?format=csv on every list: every filtered row, streamed (core/api/csv.py).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "core.api.csv.CsvRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.csv.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partner billing support desk API",
    "DESCRIPTION": "Billing support for partners' customers, escalations to the operator.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.error_responses",
        "core.api.schema.csv_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "config.settings.LANGUAGES",
        "TicketStatusEnum": "tickets.models.TicketStatus",
        "EscalationStatusEnum": "tickets.models.EscalationStatus",
        "WebhookOutcomeEnum": "billing.models_money.WebhookOutcome",
        "EscalationOutcomeEnum": "tickets.models.Outcome",
        "ImportStatusEnum": "imports.models.ImportJob.Status",
    },
}

# HTTPS hardening is on wherever DEBUG is off; HTTPS=false lets a plain-HTTP deployment
# behind a trusted proxy (or the test server) opt out explicitly.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's and compose's plain-HTTP probe
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script anywhere: every script is a file under web/static/. Style attributes stay
# allowed (the bar charts set a width), style sheets come from 'self' only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
