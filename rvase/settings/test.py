"""The test suite: real PostgreSQL and Redis, as in CI."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rvase")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# A server started by a test (tests/events/test_pdf_speed.py) is given that test's media folder.
os.environ.setdefault("MEDIA_ROOT", str(Path(__file__).resolve().parents[2] / "var" / "test-media"))

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run Celery tasks in-process; the cache and rate limits use the real Redis.
CELERY_TASK_ALWAYS_EAGER = True
# Static files straight from the source folders: no collectstatic before the suite.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
