"""Settings shared by every environment; each value that differs comes from the environment."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Content in French and English (issue 21): before the admin, whose forms it patches.
    "modeltranslation",
    # Django's admin, with the coordinator's dashboard as its home page (coordination/sites.py).
    "coordination.apps.CoordinationAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "import_export",
    "accounts",
    "common",
    "members",
    "actionplan",
    "events",
    "minutes",
    "documents",
    "consultations",
    "digest",
    "portal",
    "search",
    "opendata",
    "network",
    "coordination",
    "record",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (static files are, by whitenoise); a page with a CSRF token gets Django's BREACH padding.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.NetworkLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Visitors' pages from the cache (common/page_cache.py): after the user and the messages are known.
    "common.page_cache.VisitorPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.TrustedBrowserMiddleware",
    "accounts.middleware.RequireTwoStepSignInMiddleware",
    # A logged-in reader's pages from the cache, for them alone (common/page_cache.py): after the two-step gate.
    "common.page_cache.ReaderPageCacheMiddleware",
    "common.middleware.PDFBusyMiddleware",
]

ROOT_URLCONF = "rvase.urls"
WSGI_APPLICATION = "rvase.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
            ],
        },
    },
    {
        # Plain-text templates (e-mail subjects and bodies): nothing is HTML-escaped there.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rvase.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool keeps connections open between requests; persistent
    # connections (CONN_MAX_AGE) and the pool are exclusive, the pool wins.
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_POOL", default=False):
        DATABASES["default"]["OPTIONS"]["pool"] = True
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the user with their person, from the cache (accounts/backends.py).
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: log in by e-mail, accounts are created by the coordinator.
ACCOUNT_ADAPTER = "accounts.adapter.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # Logins are throttled by accounts.throttle (failed attempts only; see below), not per request.
    "login": "",
    # allauth applies this one to the codes of two-factor sign-in only (the password is accounts.throttle's).
    "login_failed": "10/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# Failed logins (accounts/throttle.py): "N/period" with s, m, h or d. Past a limit the attempt is refused before
# the password is checked. The owner's usual browser (a signed cookie set at each login) is held only to its own
# count, so an attack on an account never locks its owner out; a password reset lifts the account's limit.
LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT = env("LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT", default="5/15m")
LOGIN_FAILURES_PER_CLIENT = env("LOGIN_FAILURES_PER_CLIENT", default="30/15m")
LOGIN_FAILURES_PER_ACCOUNT = env("LOGIN_FAILURES_PER_ACCOUNT", default="50/1h")
LOGIN_FAILURES_PER_TRUSTED_BROWSER = env("LOGIN_FAILURES_PER_TRUSTED_BROWSER", default="10/15m")
# How many proxies of our own stand in front of the web process (the TLS proxy: 1). The client's address is then
# read from X-Forwarded-For as those proxies wrote it; with 0, the default, the header is never trusted.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[RVASE] "
# One login address per account; changing it needs the current password (accounts.forms) and takes effect when
# the link sent to the new address is opened. The address in use is told of every change, as of password changes.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Two-step sign-in (allauth.mfa): an authenticator app's codes (TOTP) and single-use recovery codes. Anyone may
# turn it on at /accounts/2fa/; with MFA_REQUIRED_FOR_COORDINATION the coordination and staff must
# (accounts.middleware.RequireTwoStepSignInMiddleware), and the admin does not open without it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Confirming a sensitive step (setting up two-step sign-in) asks for the password or a code, not an e-mailed code.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
MFA_TOTP_ISSUER = "RVASE"
# One 30-second step either side of now: a phone's clock a little off still works (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
MFA_REQUIRED_FOR_COORDINATION = env.bool("MFA_REQUIRED_FOR_COORDINATION", default=False)
ACCOUNT_FORMS = {
    "add_email": "accounts.forms.ChangeEmailForm",
    "change_password": "accounts.forms.CheckedChangePasswordForm",
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The content's languages (django-modeltranslation, `<app>/translation.py`): each translated field has a column
# per language on the same table (`title_fr`, `title_en`). French is the source and the record; a text missing in
# the reader's language falls back to the other one, which the pages mark with its `lang` (common.templatetags).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr",), "fr": ("en",)}
# A row created with a field's plain name while English is active (a script, a test) gets the text in French too:
# the source column is never left empty. The site's forms name the French column themselves.
MODELTRANSLATION_AUTO_POPULATE = "default"
USE_I18N = True
TIME_ZONE = "Asia/Phnom_Penh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Where `manage.py backup` writes its archives (README, "Backups").
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
# Uploaded files are private: no MEDIA_URL serves them, views stream them after a permission check.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Document archive (documents/validation.py, documents/downloads.py)
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
DOCUMENT_MAX_UNCOMPRESSED_BYTES = env.int("DOCUMENT_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
DOCUMENT_MAX_ZIP_ENTRIES = env.int("DOCUMENT_MAX_ZIP_ENTRIES", default=2000)
DOCUMENTS_X_ACCEL_REDIRECT_PREFIX = env("DOCUMENTS_X_ACCEL_REDIRECT_PREFIX", default="")
# An S3-compatible bucket instead of local files: downloads still stream through the permission check.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env("AWS_LOCATION", default=""),
            "file_overwrite": False,
            "querystring_auth": True,
            "max_memory_size": env.int("AWS_S3_MAX_MEMORY_SIZE", default=5 * 1024 * 1024),
        },
    }

REDIS_URL = env("REDIS_URL", default="")
# How long to wait for Redis to accept a connection and to answer, and how long a process serves without the cache
# after Redis failed to, before it tries again (common/cache.py): a dead Redis then costs one timeout per period
# and per process, not one per request.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.5)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
CACHE_RETRY_AFTER = env.float("CACHE_RETRY_AFTER", default=5.0)


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "common.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "retry_after": CACHE_RETRY_AFTER,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the cache (Redis in production) and written through to the database: a logged-in
# request does not query the database for its session, and a cache restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Phnom_Penh"
# A page that enqueues a task while Redis is down: a short wait for the connection and two quick retries, then the
# task is kept in the database (common/task_queue.py) and the page answers.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# How often the beat hands the tasks kept while the broker was unreachable over to it.
PENDING_TASKS_HAND_OVER_SECONDS = env.float("PENDING_TASKS_HAND_OVER_SECONDS", default=60)
# When the beat sends the monthly digest, as crontab fields "minute hour day-of-month month day-of-week"
# (default "0 8 1 * *": the 1st of each month at 08:00, Asia/Phnom_Penh).
DIGEST_SCHEDULE = dict(
    zip(
        ("minute", "hour", "day_of_month", "month_of_year", "day_of_week"),
        env("DIGEST_SCHEDULE", default="0 8 1 * *").split(),
        strict=True,
    )
)
# The one beat schedule of the project (times in CELERY_TIMEZONE, Asia/Phnom_Penh).
CELERY_BEAT_SCHEDULE: dict = {
    "consultations-reminders": {
        "task": "consultations.tasks.send_consultation_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "consultations-close-due": {
        "task": "consultations.tasks.close_due_consultations",
        "schedule": crontab(minute=5),
    },
    # Members with a balance on their dues: one e-mail per reminder step of the year (members.DuesYear).
    "dues-reminders": {
        "task": "members.tasks.send_dues_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    # Coordinators who chose one summary a day of what waits (coordination.NotificationPreference).
    "coordination-daily-summary": {
        "task": "coordination.tasks.send_daily_summaries",
        "schedule": crontab(hour=7, minute=30),
    },
    # The monthly watch: on the 1st at 08:00 in Phnom Penh, the digest of the month that just ended
    # (DIGEST_SCHEDULE, below, may move it).
    "digest-monthly": {
        "task": "digest.tasks.send_monthly_digest",
        "schedule": crontab(**DIGEST_SCHEDULE),
    },
    # Tasks a page could not hand to the broker while Redis was down (common/task_queue.py).
    "common-hand-over-pending-tasks": {
        "task": "common.tasks.hand_over_pending_tasks",
        "schedule": PENDING_TASKS_HAND_OVER_SECONDS,
    },
}


def email_settings(url: str) -> dict:
    """EMAIL_URL as django-environ reads it (smtp://user:pass@host:25, smtp+tls://…, consolemail://), except for
    filemail://: django-environ drops the first "/" of the path, so filemail:///srv/mail became the relative
    srv/mail, under the working directory. Here filemail:///abs/path is that absolute folder, and filemail://var/mail
    is var/mail under the project's folder, wherever the command runs."""
    config = environ.Env.email_url_config(url)
    parsed = urlsplit(url)
    if parsed.scheme == "filemail":
        path = Path(unquote(parsed.netloc + parsed.path))
        config["EMAIL_FILE_PATH"] = str(path if path.is_absolute() else BASE_DIR / path)
    return config


vars().update(email_settings(env("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="RVASE <coordination@rvase.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Replies to the portal's automatic e-mails go to the coordination (common.email).
COORDINATION_REPLY_TO = env("COORDINATION_REPLY_TO", default="coordination@rvase.example")
# The mailto of List-Unsubscribe: a mailbox the coordination reads (the portal does not read mail itself); the
# https link of the same header unsubscribes at once.
UNSUBSCRIBE_MAILTO = env("UNSUBSCRIBE_MAILTO", default=COORDINATION_REPLY_TO)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each rendering step at INFO; its warnings (a refused URL) are what matter.
    # pypdf (documents.validation) reports every oddity of the files it checks; its errors are what matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}, "pypdf": {"level": "ERROR"}},
}

# Members' logos and photos: checked as images by content, bounded in size.
MEMBER_LOGO_MAX_BYTES = env.int("MEMBER_LOGO_MAX_BYTES", default=2 * 1024 * 1024)
# The currency of the dues ledger (ISO 4217 code), set once for the network: every amount is in it.
DUES_CURRENCY = env("DUES_CURRENCY", default="EUR").strip().upper()
if not re.fullmatch(r"[A-Z]{3}", DUES_CURRENCY):
    raise ImproperlyConfigured("DUES_CURRENCY must be a three-letter ISO 4217 code, such as EUR or USD")
# Focal-point confirmation links expire after this many days.
FOCAL_POINT_CONFIRMATION_DAYS = env.int("FOCAL_POINT_CONFIRMATION_DAYS", default=30)
# A PDF that takes longer than this to render is stopped (common/pdf.py).
PDF_RENDER_TIMEOUT = env.int("PDF_RENDER_TIMEOUT", default=60)
# PDFs one process renders at the same time, and how long a request waits for a free slot before it is asked to
# come back (503, Retry-After): renderings never take all the CPU the other pages need (common/pdf.py).
PDF_MAX_CONCURRENT_RENDERS = env.int("PDF_MAX_CONCURRENT_RENDERS", default=1)
PDF_RENDER_QUEUE_SECONDS = env.int("PDF_RENDER_QUEUE_SECONDS", default=10)
# The monthly watch (digest/): recipients per Celery task, and the retries of a batch when the SMTP server fails
# (exponential backoff from DIGEST_RETRY_BACKOFF seconds, at most DIGEST_RETRY_BACKOFF_MAX apart).
DIGEST_BATCH_SIZE = env.int("DIGEST_BATCH_SIZE", default=50)
DIGEST_MAX_RETRIES = env.int("DIGEST_MAX_RETRIES", default=8)
DIGEST_RETRY_BACKOFF = env.int("DIGEST_RETRY_BACKOFF", default=60)
DIGEST_RETRY_BACKOFF_MAX = env.int("DIGEST_RETRY_BACKOFF_MAX", default=3600)
# Seconds the digest waits for the SMTP server before counting it unavailable (and retrying later).
DIGEST_SMTP_TIMEOUT = env.int("DIGEST_SMTP_TIMEOUT", default=30)
# CSV imports run in one transaction: a file with one bad line imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
