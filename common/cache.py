"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation, that keeps
the portal up while Redis is unreachable; and the cache entries kept until what they were read from changes
(tokens).

django.core.cache.backends.redis builds a new ``redis.Redis`` for every cache operation; with redis-py 5 and
later that constructor fills a table of some 170 response callbacks each time, which is most of the cost of a
cache read from Python. A redis-py client is safe to share (its connections come from the pool), so each pool
gets one client, made when first needed. Django's cache objects are per thread, and so are these clients.

**When Redis is unreachable** (stopped, restarting, cut off), the cache behaves as an empty cache that forgets
what it is given: a read finds nothing, a write is dropped, ``add`` answers "stored". Whatever reads through the
cache then goes to the database (sessions are ``cached_db``, the logged-in user is queried, feeds and PDFs'
lookups are built afresh) and allauth's login rate limits let every attempt through; a warning in the log says
so once, then once a minute while it lasts, and again when Redis answers. After a failure the process does not
try Redis again for ``retry_after`` seconds (CACHE_RETRY_AFTER), so a dead Redis costs one connection timeout per
process and per period, not one per request; the next operation after that tries again, and the portal uses Redis
as soon as it answers, without a restart.

A write that failed may have left an older value in Redis (if Redis kept its data, as with `appendonly`): a session
since logged out, a token that should have been renewed. The process remembers those keys and deletes them first
thing when Redis answers again, before it reads anything. Another process (gunicorn worker) that did not make
those writes may read such an entry in the moment before: entries stored with a token are kept at most their
timeout (a minute for the logged-in user).
"""

import logging
import threading
import time
import uuid

import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import transaction
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# What "Redis is unreachable" looks like from redis-py: refused or lost connections, and timeouts.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
DEFAULT_RETRY_AFTER = 5.0
REPORT_EVERY_SECONDS = 60
MAX_STALE_KEYS = 10_000


class Outage:
    """What this process knows of one Redis server's reachability; shared by the process's threads."""

    def __init__(self, server: str):
        self.server = server
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.reported_at = 0.0
        self.stale_keys: set = set()

    def waiting(self) -> bool:
        """True while a recent failure says not to try yet."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception, *, retry_after: float) -> None:
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = self.reported_at = now
                logger.warning(
                    "The cache (Redis at %s) is unreachable (%s). Serving without it: sessions and users are read "
                    "from the database, login rate limits are not enforced. Trying again every %g s.",
                    self.server,
                    error,
                    retry_after,
                )
            elif now - self.reported_at >= REPORT_EVERY_SECONDS:
                self.reported_at = now
                logger.warning(
                    "The cache (Redis at %s) is still unreachable after %.0f s (%s). Login rate limits are not "
                    "enforced.",
                    self.server,
                    now - self.down_since,
                    error,
                )
            self.retry_at = now + retry_after

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.warning(
                    "The cache (Redis at %s) is reachable again after %.0f s.",
                    self.server,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None

    def remember(self, keys) -> None:
        """Keys whose write did not reach Redis: their value there may be stale."""
        with self.lock:
            if len(self.stale_keys) < MAX_STALE_KEYS:
                self.stale_keys.update(keys)
                if len(self.stale_keys) >= MAX_STALE_KEYS:
                    logger.error(
                        "More than %d cache writes were lost while Redis was unreachable; the others will be served "
                        "until they expire.",
                        MAX_STALE_KEYS,
                    )

    def take_stale_keys(self) -> list:
        with self.lock:
            keys, self.stale_keys = list(self.stale_keys), set()
        return keys


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_for(server: str) -> Outage:
    with _outages_lock:
        if server not in _outages:
            _outages[server] = Outage(_without_password(server))
        return _outages[server]


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers, *, retry_after: float = DEFAULT_RETRY_AFTER, **options):
        # One retry, at once, when a pooled connection turns out dead (Redis restarted); a timeout is not retried.
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)))
        super().__init__(servers, **options)
        self._clients = {}
        self._retry_after = retry_after
        self._outage = outage_for(self._servers[0])

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client

    def _guarded(self, operation, *args, fallback=None, written=()):
        """`operation(*args)`, or `fallback` when Redis is unreachable (`written`: the keys the operation writes)."""
        outage = self._outage
        if outage.waiting():
            outage.remember(written)
            return fallback
        try:
            if outage.stale_keys:
                self._delete_stale_keys()
            result = operation(*args)
        except UNREACHABLE as error:
            outage.failed(error, retry_after=self._retry_after)
            outage.remember(written)
            return fallback
        outage.succeeded()
        return result

    def _delete_stale_keys(self) -> None:
        keys = self._outage.take_stale_keys()
        try:
            for start in range(0, len(keys), 1000):
                self.get_client(write=True).delete(*keys[start : start + 1000])
        except UNREACHABLE:
            self._outage.remember(keys)
            raise

    def add(self, key, value, timeout):
        # "Stored": allauth's rate limits take a lock with add() and would otherwise wait for it, then refuse.
        return self._guarded(super().add, key, value, timeout, fallback=True, written=[key])

    def get(self, key, default):
        return self._guarded(super().get, key, default, fallback=default)

    def set(self, key, value, timeout):
        self._guarded(super().set, key, value, timeout, written=[key])

    def touch(self, key, timeout):
        return self._guarded(super().touch, key, timeout, fallback=False)

    def delete(self, key):
        return self._guarded(super().delete, key, fallback=False, written=[key])

    def get_many(self, keys):
        return self._guarded(super().get_many, keys, fallback={})

    def has_key(self, key):
        return self._guarded(super().has_key, key, fallback=False)

    def incr(self, key, delta):
        missing = object()
        result = self._guarded(super().incr, key, delta, fallback=missing, written=[key])
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout):
        self._guarded(super().set_many, data, timeout, written=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        self._guarded(super().delete_many, keys, written=keys)

    def clear(self):
        return self._guarded(super().clear, fallback=False)

    def ping(self) -> bool:
        return bool(self._guarded(lambda: self.get_client(write=True).ping(), fallback=False))


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def reachable(self) -> bool:
        """Whether Redis answers a ping (not tried again while a recent failure says to wait)."""
        return self._cache.ping()


def cache_reachable() -> bool:
    """For /healthz: True unless the cache is a Redis that does not answer."""
    reachable = getattr(cache, "reachable", None)
    return reachable() if reachable is not None else True


# ---- entries kept until what they were read from changes ---------------------------------------------------------
# A token is a random value renewed whenever the rows it stands for are saved or deleted; an entry is stored with
# the token of when it was read, and is stale once the token has changed. Reading the token and the entry together
# costs one round trip.


def user_token_key(user_id) -> str:
    """The token of one account: renewed when the user, their person or their member changes, or their groups
    (accounts.signals); the cached user (accounts.backends) and each logged-in reader's cached pages
    (common.page_cache) are kept against it."""
    return f"accounts:user-token:{user_id}"


def current_token(key: str) -> str:
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key) or ""
    return token


def renew_tokens(keys) -> None:
    """Now, for this transaction's own reads; and again once it commits, since a reader may have stored the rows
    as they were before the commit under the token of now."""
    keys = list(keys)
    if not keys:
        return

    def renew() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    renew()
    transaction.on_commit(renew)


def cached_with_token(*, token_key: str, key: str, load, timeout: int):
    """What `load()` returns, kept under `key` while the token at `token_key` stays the same (None is not kept)."""
    found = cache.get_many([token_key, key])
    token, entry = found.get(token_key), found.get(key)
    if token is not None and entry is not None and entry[0] == token:
        return entry[1]
    token = token or current_token(token_key)  # read before loading: a change meanwhile makes the entry stale
    value = load()
    if value is not None and token:  # no token: the cache is unreachable, nothing to keep it against
        cache.set(key, (token, value), timeout=timeout)
    return value
