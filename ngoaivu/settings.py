"""Django settings, read from the environment with typed defaults.

Demo/dev: nothing to set — SQLite in NGOAIVU_DATA_DIR (./var). Production: NGOAIVU_PRODUCTION=1 with
NGOAIVU_SECRET_KEY, NGOAIVU_ALLOWED_HOSTS and DATABASE_URL (postgres://…); it refuses to start without them.
"""
import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ngoaivu.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent


def _default_data_dir() -> Path:
    """var/ of the source checkout (the folder holding pyproject.toml next to the package), whatever the
    current folder: `ngoaivu sweep` from cron finds the demo's database. An installed package (no
    checkout) uses ./var."""
    checkout = BASE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "ngoaivu" / "settings.py").is_file():
        return checkout / "var"
    return Path.cwd() / "var"


DATA_DIR = Path(env_str("NGOAIVU_DATA_DIR") or _default_data_dir()).resolve()
PRODUCTION = env_bool("NGOAIVU_PRODUCTION", False)
DEBUG = env_bool("NGOAIVU_DEBUG", not PRODUCTION)
DEMO = env_bool("NGOAIVU_DEMO", False)  # set by `ngoaivu demo`: shows demo accounts on the login page

SECRET_KEY = env_str("NGOAIVU_SECRET_KEY")
ALLOWED_HOSTS = env_list("NGOAIVU_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("NGOAIVU_SECRET_KEY must be set (50+ random characters) in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("NGOAIVU_ALLOWED_HOSTS must list the host names in production.")
elif not SECRET_KEY:
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdef"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_countries",
    "simple_history",
    "axes",
    "csp",
    "ngoaivu.core",
    "ngoaivu.partners",
    "ngoaivu.agreements",
    "ngoaivu.exchanges",
    "ngoaivu.implementation",
    "ngoaivu.coordination",
    "ngoaivu.indicators",
    "ngoaivu.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: its 400 page is drawn in the signed-in layout.
    "ngoaivu.core.middleware.RejectNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into core.auth.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ngoaivu.urls"
WSGI_APPLICATION = "ngoaivu.wsgi.application"

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
                "ngoaivu.core.context_processors.shell",
            ],
        },
    }
]
FORM_RENDERER = "ngoaivu.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ngoaivu.sqlite3'}"),
        conn_max_age=env_int("NGOAIVU_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The folder is made by `ngoaivu migrate`/`demo` (ngoaivu.cli), not here: a command run from the
    # wrong place must not leave an empty var/ behind.
    # WAL lets the demo serve pages while a sweep writes; the timeout waits out short write locks.
    # A page cache of up to 32 MiB per connection (SQLite's default is 2 MiB), kept across requests by a
    # served process's persistent connection (CONN_MAX_AGE in production; with 0, the development default,
    # each request starts an empty one): a national register's file is ~500 MB, and with 2 MiB every request
    # read its index pages again from the OS (4–6 ms of system CPU for four key pages at 50,000 agreements,
    # 0.4 with it; the worker grew by 4 MB). It holds only the pages read.
    # Up to 500 compiled statements kept per connection (Python's default is 128): the bench's 40 pages alone
    # send 160, so a worker serving them all compiled some again on every visit (every page once, in turn:
    # 351 → 331 ms of CPU; the process grew by 0.2 MB).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;",
        "transaction_mode": "IMMEDIATE",
        "cached_statements": 500,
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Parameters bound by the server and statements prepared once repeated: PostgreSQL then plans a page's
    # statements once per worker connection instead of on every request (core.pg_cursor says why).
    # NGOAIVU_DB_PREPARE_THRESHOLD=0 prepares nothing, for a connection pooler in transaction mode.
    from ngoaivu.core.pg_cursor import PREPARE_THRESHOLD, PreparingCursor
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "server_side_binding": True, "cursor_factory": PreparingCursor,
        "prepare_threshold": max(env_int("NGOAIVU_DB_PREPARE_THRESHOLD", PREPARE_THRESHOLD), 0) or None})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# django-axes first: it refuses a locked-out sign-in before the password is checked (see core.auth).
# ModelBackend whose read of the signed-in user brings their memberships in the same statement (core.backends).
# Database sessions, read with a statement written once per process (core.sessions).
SESSION_ENGINE = "ngoaivu.core.sessions"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "ngoaivu.core.backends.MembershipsBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in throttling (django-axes, see core.auth): after LOCKOUT_ATTEMPTS failures for one user name from
# one address, that pair is refused for LOCKOUT_MINUTES; other addresses are not affected. A success
# clears the count; failures during the lock do not extend it.
LOCKOUT_ATTEMPTS = env_int("NGOAIVU_LOCKOUT_ATTEMPTS", 5)
LOCKOUT_MINUTES = env_int("NGOAIVU_LOCKOUT_MINUTES", 15)
AXES_ENABLED = True
AXES_FAILURE_LIMIT = LOCKOUT_ATTEMPTS
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "ngoaivu.core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ngoaivu.core.auth.client_ip"
AXES_USERNAME_CALLABLE = "ngoaivu.core.auth.recorded_username"
AXES_VERBOSE = False
# axes keeps each failure's POST data: the change-password page's fields are masked like the sign-in's.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
# Behind a reverse proxy (nginx…), the number of trusted proxies that append to X-Forwarded-For; 0 = none.
NGOAIVU_PROXY_COUNT = env_int("NGOAIVU_PROXY_COUNT", 0)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ngoaivu.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded files live in MEDIA_ROOT and are never served from a public URL (no MEDIA_URL): only through
# the scoped download view (ngoaivu.core.files). In production the web server may send the bytes:
# NGOAIVU_FILE_SENDFILE_HEADER=X-Accel-Redirect (nginx: an `internal` location at
# NGOAIVU_FILE_SENDFILE_PREFIX aliased to MEDIA_ROOT) or X-Sendfile (Apache mod_xsendfile).
MEDIA_ROOT = Path(env_str("NGOAIVU_MEDIA_ROOT", str(DATA_DIR / "media")))
FILE_SENDFILE_HEADER = env_str("NGOAIVU_FILE_SENDFILE_HEADER", "")
FILE_SENDFILE_PREFIX = env_str("NGOAIVU_FILE_SENDFILE_PREFIX", "/protected-files/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
MAX_DOCUMENT_MB = env_int("NGOAIVU_MAX_DOCUMENT_MB", 20)
# The sweep's `files` step removes a stored file no record holds once it is this old: an upload whose record
# is not committed yet (a slow request, a long import) is younger than that.
ORPHAN_FILE_GRACE_HOURS = env_int("NGOAIVU_ORPHAN_FILE_GRACE_HOURS", 24)
# The agreement import: a bigger file or more rows are refused with a message before anything is
# written (5,000 rows check and import in a few seconds, well inside a web worker's timeout).
AGREEMENT_IMPORT_MAX_MB = env_int("NGOAIVU_AGREEMENT_IMPORT_MAX_MB", 10)
AGREEMENT_IMPORT_MAX_ROWS = env_int("NGOAIVU_AGREEMENT_IMPORT_MAX_ROWS", 5000)
DELEGATION_IMPORT_MAX_ROWS = env_int("NGOAIVU_DELEGATION_IMPORT_MAX_ROWS", 2000)
# Long work leaves the web request (core.jobs; `ngoaivu worker` does it): a list's export of more rows than
# this (a province's whole register exports in 1-2 s; the centre's, 50,000 rows as Excel, in 17-21 s), and the
# confirmation of an import of more rows than IMPORT_INLINE_ROWS (about 1 s per 1,000 rows).
EXPORT_INLINE_ROWS = env_int("NGOAIVU_EXPORT_INLINE_ROWS", 5000)
IMPORT_INLINE_ROWS = env_int("NGOAIVU_IMPORT_INLINE_ROWS", 500)
# An import file bigger than this is read and checked by the worker too (1.5-4.5 s for 5,000 rows on an idle
# machine, and a busy one multiplies it): 64 KB is about 800 rows of the agreements' .xlsx (75 bytes a row), or
# 250 of a CSV, each checked in well under a second. Its size is all the request knows before reading it.
IMPORT_INLINE_BYTES = env_int("NGOAIVU_IMPORT_INLINE_BYTES", 64 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Static files come from the apps (finders) outside production; an absent STATIC_ROOT is expected.
    import warnings
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

EMAIL_BACKEND = env_str(
    "NGOAIVU_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("NGOAIVU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("NGOAIVU_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("NGOAIVU_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("NGOAIVU_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("NGOAIVU_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("NGOAIVU_FROM_EMAIL", "ngoaivu@localhost")
SITE_URL = env_str("NGOAIVU_SITE_URL", "http://127.0.0.1:8000")

# The rules' numbers. Laws set them and a ministry may change them, so they are settings, not code.
# Law 70/2020: the report to the Prime Minister and the copy to MOFA are due 15 days after signing.
REPORT_AFTER_SIGNING_DAYS = env_int("NGOAIVU_REPORT_AFTER_SIGNING_DAYS", 15)
# An agreement that ends on a fixed date is flagged this many days before (each lead is one alert).
AGREEMENT_EXPIRY_NOTICE_DAYS = [int(d) for d in env_list("NGOAIVU_AGREEMENT_EXPIRY_NOTICE_DAYS", "90,60,30")]
# A deadline shows as "due soon" this many days before.
AGREEMENT_DUE_SOON_DAYS = env_int("NGOAIVU_AGREEMENT_DUE_SOON_DAYS", 3)
# A sweep step that has not gone through for this long is named to the administrators (core.sweep.quiet_steps):
# hourly by the README's cron, daily at the least.
SWEEP_QUIET_HOURS = env_int("NGOAIVU_SWEEP_QUIET_HOURS", 26)
# Decision 06/2020/QĐ-TTg: dossier 40 (Prime Minister) or 30 (provincial Chair) days before the opening;
# consulted bodies answer within 15 calendar days.
CONFERENCE_PM_DOSSIER_DAYS = env_int("NGOAIVU_CONFERENCE_PM_DOSSIER_DAYS", 40)
CONFERENCE_CHAIR_DOSSIER_DAYS = env_int("NGOAIVU_CONFERENCE_CHAIR_DOSSIER_DAYS", 30)
CONFERENCE_CONSULTATION_DAYS = env_int("NGOAIVU_CONFERENCE_CONSULTATION_DAYS", 15)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("NGOAIVU_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("NGOAIVU_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("NGOAIVU_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts and styles from our own origin only,
# no inline script or style (app.js does the page behaviour; htmx is served locally and told not to
# inject its indicator style, see base.html), no plugins, no framing, forms post only to us. The API docs
# pages (Swagger UI: a third-party front end that sets inline styles and uses workers) relax styles,
# images and workers on their own URLs only (ngoaivu/urls.py); their scripts stay 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Names the Foreign Ministry uses where django-countries' Vietnamese catalogue is wrong or missing.
# Applied for Vietnamese only (see core.countries); English keeps django-countries' names.
COUNTRIES_FIRST = ["CN", "LA", "KH", "KR", "JP", "US"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request then gets 401 with WWW-Authenticate, not 403.
        "ngoaivu.core.auth.TokenAuthentication",  # refuses tokens of accounts locked out (core.auth)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ngoaivu.core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ngoaivu.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ngoaivu.core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "20/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ngoaivu API",
    "DESCRIPTION": "API của hệ thống quản lý công tác đối ngoại địa phương / Local external affairs API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The default enum hook, then: every operation documents the 400 of core.middleware.RejectNulMiddleware.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "ngoaivu.core.api.errors.document_bad_address"],
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "ngoaivu.agreements.choices.AgreementStatus",
        "ApprovalAuthorityEnum": "ngoaivu.exchanges.choices.ApprovalAuthority",
        "AgreementEventKindEnum": "ngoaivu.agreements.choices.EventKind",
        "AgreementDocumentKindEnum": "ngoaivu.agreements.choices.DocumentKind",
        "PartnerKindEnum": "ngoaivu.partners.choices.PartnerKind",
        "LocalityKindEnum": "ngoaivu.core.choices.LocalityKind",
        "UnitKindEnum": "ngoaivu.core.choices.UnitKind",
        "ActivityKindEnum": "ngoaivu.implementation.choices.ActivityKind",
        "CommitmentStatusEnum": "ngoaivu.implementation.choices.CommitmentStatus",
        "PlanStatusEnum": "ngoaivu.implementation.choices.PlanStatus",
        "DelegationStatusEnum": "ngoaivu.exchanges.choices.DelegationStatus",
        "DelegationEventKindEnum": "ngoaivu.exchanges.choices.DelegationEventKind",
        "ConferenceKindEnum": "ngoaivu.exchanges.choices.ConferenceKind",
        "ConferenceStatusEnum": "ngoaivu.exchanges.choices.ConferenceStatus",
        "OrganiserKindEnum": "ngoaivu.exchanges.choices.OrganiserKind",
        "ReportRequestKindEnum": "ngoaivu.coordination.choices.RequestKind",
        "ReportReturnStatusEnum": "ngoaivu.coordination.choices.ReturnStatus",
        "MinistryOpinionStatusEnum": "ngoaivu.coordination.choices.OpinionStatus",
        "ReportDocumentKindEnum": "ngoaivu.reports.choices.DocumentKind",
        "CountryCodeEnum": "ngoaivu.core.countries.COUNTRY_CODES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("NGOAIVU_LOG_LEVEL", "WARNING")},
}

# Domain settings (national defaults; a province may override some in its own settings row).
REPORT_AFTER_SIGNING_DAYS = env_int("NGOAIVU_REPORT_AFTER_SIGNING_DAYS", 15)
OPINION_WORKING_DAYS = env_int("NGOAIVU_OPINION_WORKING_DAYS", 7)
