"""Settings for Partnership, read from the environment.

Development needs nothing set. Production (DEBUG unset or false with PRODUCTION=true) requires
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, and turns on HTTPS-only cookies, HSTS and SSL redirect.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # No default: a production server refuses to start without its own key.
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="dev-only-key-not-for-production-use-0123456789abcdef"
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "procrastinate.contrib.django",
    "partnership",
    "hubs",
    "publicdata",
    "finance",
    "survey",
    "reviews",
    "brokering",
    "programmes",
    "events",
    "demo",
]

MIDDLEWARE = [
    "partnership.lib.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnership.middleware.SessionLifetimeMiddleware",
    "partnership.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

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
                "partnership.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/partnership"),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise environ.ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
# psycopg 3's connection pool; CONN_MAX_AGE must stay 0 with it.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": env.int("DB_POOL_MIN", default=2),
    "max_size": env.int("DB_POOL_MAX", default=10),
    "timeout": 10,
}
# PostgreSQL's JIT compiles any plan it costs as large, such as the network reports' aggregates
# over every membership, and compiling takes far longer than running such a query without it.
# Pages here run short queries, so JIT only ever adds latency.
DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# Parameters bound by the server let psycopg prepare a statement the second time a connection
# runs it, so PostgreSQL plans each query once per connection, not once per request: a page's
# joins over several tables take longer to plan than to run.
DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 2)

AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in, password reset and the second factor are django-allauth's account and MFA apps
# (partnership.signin holds the adapters, forms and the URLs in use). Accounts are made by staff:
# no sign-up, no email management, one email address per person, held on the user.
ACCOUNT_ADAPTER = "partnership.signin.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
# No email to addresses without an account: it would invite them to a sign-up that is closed.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Partnership: "
ACCOUNT_FORMS = {"login": "partnership.signin.forms.LoginForm"}
# django-axes counts wrong passwords per normalised email (below); allauth's own per-email count
# would lock at the same moment with a vaguer message, so it only limits each address.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
MFA_ADAPTER = "partnership.signin.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partnership"
# A code from the 30-second step just before or after the server's is accepted too: a phone's
# clock a little out, or a code typed as the step turns, still signs in (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "authenticate": "partnership.signin.forms.AuthenticateForm",
    "reauthenticate": "partnership.signin.forms.ReauthenticateForm",
}
# Wrong second-factor codes in a row before codes are not checked for a while, and how long.
MFA_WRONG_CODES_ALLOWED = env.int("MFA_WRONG_CODES_ALLOWED", default=5)
MFA_WRONG_CODES_WAIT_SECONDS = env.int("MFA_WRONG_CODES_WAIT_SECONDS", default=5 * 60)

# Sessions end after an idle time (cookie age, renewed by SessionLifetimeMiddleware) and an
# absolute time.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True

# Login throttling: five wrong passwords lock that username from that address for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# allauth's sign-in form calls its email field "login".
AXES_USERNAME_FORM_FIELD = "login"
# Count attempts per account: case variants and spaces around the email are the same person.
AXES_USERNAME_CALLABLE = "partnership.lib.signin.lockout_username"

# Two-factor sign-in is required for the central team and admins (see partnership.middleware).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The app is in English only, so the translation machinery is off: it would look up the active
# language for every label, date and number on every page. Dates and numbers keep the British
# formats of LANGUAGE_CODE.
USE_I18N = False
USE_TZ = True
# One way of writing a date on screen, "4 Dec 2026"; the locale's own would win over settings.
FORMAT_MODULE_PATH = ["partnership.formats"]
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (receipts, GIAS files) live outside static/; only views that check access serve them.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads go through Django's storage API: STORAGE_BACKEND names another backend (shared or
# object storage) for more than one app server; see the README.
STORAGES = {
    "default": {
        "BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Partnership <noreply@partnership.local>"
)
# Where the site is reached, for the absolute links in emails (sent after a change is committed,
# outside any request, so they cannot take the address from one).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The cache: local memory for one process (the default); Redis (redis://127.0.0.1:6379/1) or the
# database (dbcache://partnership_cache, after `manage.py createcachetable`) for several.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Background jobs: procrastinate, a queue kept in this PostgreSQL database. Tasks live in each
# app's tasks.py, which procrastinate imports by itself (its autodiscovery); modules of tasks
# named otherwise are listed here. partnership.lib.jobs.on_app_ready is the worker-wide hook.
PROCRASTINATE_ON_APP_READY = "partnership.lib.jobs.on_app_ready"
PROCRASTINATE_IMPORT_PATHS = [
    "partnership.lib.mail",
    "partnership.digest.tasks",
    "partnership.reports.tasks",
]
# A worker that has sent no heartbeat for this long is taken as dead; its jobs are retried.
JOBS_STALLED_SECONDS = env.int("JOBS_STALLED_SECONDS", default=60)
# Finished jobs (and their logs) are kept this many days.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=30)

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# Domain settings.
AREA_OF_EXCELLENCE_VALID_YEARS = env.int("AREA_OF_EXCELLENCE_VALID_YEARS", default=3)
FIRST_RESPONSE_WORKING_DAYS = env.int("FIRST_RESPONSE_WORKING_DAYS", default=5)
# Network-wide figures (central dashboard, network reports) count every school, review and
# request; each process keeps them this long instead of counting again for every page view.
NETWORK_FIGURES_CACHE_SECONDS = env.int("NETWORK_FIGURES_CACHE_SECONDS", default=120)

# Personal data: sign-in records, ended sessions and finished jobs are deleted once older than
# this (partnership.retention); the privacy page names whom to ask about personal data.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=90)
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@partnership.local")

# Content-Security-Policy: everything from our own origin, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers ask for /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Only behind a proxy that sets X-Forwarded-Proto itself.
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS preload is a one-way commitment for the domain owner to make, not the app.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# One JSON object per line on stdout. Every line carries the request id: the request's own, or,
# in a worker, that of the request that queued the job. Lines logged inside a job are also kept
# in that job's log (the jobs page).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "partnership.lib.requestlog.RequestIdFilter"},
        "job_arguments_hidden": {"()": "partnership.lib.requestlog.JobArgumentsHidden"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id", "job_arguments_hidden"],
        },
        "job_log": {
            "class": "partnership.lib.jobs.JobLogHandler",
            "level": "INFO",
            "filters": ["job_arguments_hidden"],
        },
    },
    "root": {"handlers": ["stdout", "job_log"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request log line replaces runserver's own.
        "django.server": {"level": "WARNING"},
        # Not the task list at every start of a command; a worker's job lines stay.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
