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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "partnership",
    "hubs",
    "publicdata",
    "finance",
    "survey",
    "reviews",
    "brokering",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

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
# The sign-in form's field is "username" although it holds the email address (USERNAME_FIELD);
# without this axes would read "email", find nothing and count every attempt as username None.
AXES_USERNAME_FORM_FIELD = "username"
# Count attempts per account: case variants and spaces around the email are the same person.
AXES_USERNAME_CALLABLE = "partnership.lib.signin.lockout_username"

# Two-factor sign-in is required for these users (see partnership.middleware).
OTP_TOTP_ISSUER = "Partnership"
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# Domain settings.
AREA_OF_EXCELLENCE_VALID_YEARS = env.int("AREA_OF_EXCELLENCE_VALID_YEARS", default=3)
FIRST_RESPONSE_WORKING_DAYS = env.int("FIRST_RESPONSE_WORKING_DAYS", default=5)
# Network-wide figures (central dashboard, network reports) count every school, review and
# request; each process keeps them this long instead of counting again for every page view.
NETWORK_FIGURES_CACHE_SECONDS = env.int("NETWORK_FIGURES_CACHE_SECONDS", default=120)

# Personal data: sign-in records, ended sessions and finished jobs are deleted once older than
# this (partnership.privacy.retention); the privacy page names whom to ask about personal data.
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
    # Only behind a proxy that sets X-Forwarded-Proto itself.
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS preload is a one-way commitment for the domain owner to make, not the app.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
