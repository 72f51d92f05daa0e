"""Django's Redis cache, with one redis-py client per connection pool instead of one per operation.

django.core.cache.backends.redis builds a new ``redis.Redis`` for every cache operation; with redis-py 5 and
later that constructor fills a table of some 170 response callbacks each time, which is most of the cost of a
cache read from Python. A redis-py client is safe to share (its connections come from the pool), so each pool
gets one client, made when first needed. Django's cache objects are per thread, and so are these clients.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


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
