"""The test suite: real PostgreSQL and Redis, as in CI.

Each run, and each parallel worker of a run, gets its own test database, its own Redis database and its own media
folder, so two runs on one machine (two checkouts, or CI beside a developer) never destroy each other's data. The
run's name is kept in the environment, so the servers and workers a test starts (gunicorn, Celery) use the same ones.
"""

import atexit
import os
import secrets
import socket
from pathlib import Path

import redis

RUN = os.environ.setdefault("RVASE_TEST_RUN", secrets.token_hex(4))
REDIS_SERVER = os.environ.get("RVASE_TEST_REDIS_SERVER", "redis://127.0.0.1:6379")
ROOT = Path(__file__).resolve().parents[2]


def _claim_redis_database() -> int:
    """A Redis database (1–15) no other run holds: a key in database 0 claims it while this run lasts, naming the
    run and the process that claimed it. A claim whose process is gone from this machine (a run killed before it
    could release it) is taken over; one from elsewhere gives itself back when the key expires."""
    lock = redis.Redis.from_url(f"{REDIS_SERVER}/0")
    claim = f"{RUN}:{os.getpid()}:{socket.gethostname()}"
    for number in range(15, 0, -1):
        key = f"rvase:test-run:redis-db:{number}"
        if lock.set(key, claim, nx=True, ex=4 * 3600) or _take_over_if_abandoned(lock, key, claim):
            atexit.register(_release_redis_database, lock, key, claim)
            return number
    raise RuntimeError("All 15 Redis test databases are held by other test runs (keys rvase:test-run:* in db 0).")


def _take_over_if_abandoned(lock: redis.Redis, key: str, claim: str) -> bool:
    held = (lock.get(key) or b"").decode()
    _run, _, rest = held.partition(":")
    pid, _, host = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
        return False
    except ProcessLookupError:
        pass
    except PermissionError:
        return False
    with lock.pipeline() as pipe:
        try:
            pipe.watch(key)
            if (pipe.get(key) or b"").decode() != held:
                return False
            pipe.multi()
            pipe.set(key, claim, ex=4 * 3600)
            pipe.execute()
        except redis.WatchError:
            return False
    return True


def _release_redis_database(lock: redis.Redis, key: str, claim: str) -> None:
    try:
        if lock.get(key) == claim.encode():
            lock.delete(key)
    except redis.RedisError:
        pass


# `make test` runs the suite in parallel (pytest-xdist): each worker inherits the environment of the process that
# started it, and takes its own Redis database and media folder (pytest-django gives it its own test database).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER and os.environ.get("RVASE_TEST_WORKER") != WORKER:
    os.environ["RVASE_TEST_WORKER"] = WORKER
    for name in ("RVASE_TEST_REDIS_DB", "REDIS_URL", "MEDIA_ROOT"):
        os.environ.pop(name, None)

if "RVASE_TEST_REDIS_DB" not in os.environ:
    os.environ["RVASE_TEST_REDIS_DB"] = str(_claim_redis_database())

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rvase")
os.environ.setdefault("REDIS_URL", f"{REDIS_SERVER}/{os.environ['RVASE_TEST_REDIS_DB']}")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# A server started by a test (tests/minutes/test_pdf_speed.py) is given that test's media folder.
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "test-media" / RUN / (WORKER or "main")))

from .base import *  # noqa: E402,F403

# The test database is named after the run (pytest-django creates it and drops it at the end).
DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_rvase_{RUN}"  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run Celery tasks in-process; the cache and rate limits use the real Redis.
CELERY_TASK_ALWAYS_EAGER = True
# Static files straight from the source folders: no collectstatic before the suite.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
