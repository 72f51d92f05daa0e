"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation; and the
cache entries kept until what they were read from changes (tokens).

django.core.cache.backends.redis builds a new ``redis.Redis`` for every cache operation; with redis-py 5 and
later that constructor fills a table of some 170 response callbacks each time, which is most of the cost of a
cache read from Python. A redis-py client is safe to share (its connections come from the pool), so each pool
gets one client, made when first needed. Django's cache objects are per thread, and so are these clients.
"""

import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import transaction


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# ---- entries kept until what they were read from changes ---------------------------------------------------------
# A token is a random value renewed whenever the rows it stands for are saved or deleted; an entry is stored with
# the token of when it was read, and is stale once the token has changed. Reading the token and the entry together
# costs one round trip.


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
    if value is not None:
        cache.set(key, (token, value), timeout=timeout)
    return value
