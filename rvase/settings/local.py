"""`make run`: SQLite, tasks run eagerly, e-mail written to files under var/mail/."""

import os

os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
