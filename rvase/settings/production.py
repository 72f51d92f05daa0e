"""Production: every secret comes from the environment; start-up stops when one is missing."""

from .base import *  # noqa: F403
from .base import email_settings, env, redis_cache

DEBUG = False
DATABASES = {"default": env.db("DATABASE_URL")}
if env.bool("DATABASE_POOL", default=False):
    # psycopg 3's pool; Django refuses it together with persistent connections.
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "pool": True}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable")
REDIS_URL = env("REDIS_URL")
CACHES = {"default": redis_cache(REDIS_URL)}
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
vars().update(email_settings(env("EMAIL_URL")))

# The coordination's accounts hold every person's contact data and the dues ledger: two-step sign-in is required.
MFA_REQUIRED_FOR_COORDINATION = env.bool("MFA_REQUIRED_FOR_COORDINATION", default=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# The cached loader, explicitly (Django enables it when DEBUG is off; say so for readers).
for engine in TEMPLATES:  # noqa: F405
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
        )
    ]
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405
