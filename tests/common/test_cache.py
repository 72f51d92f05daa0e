"""The Redis cache (common/cache.py) and the sessions kept in it."""

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_the_cache_stores_and_reads_through_one_redis_client():
    cache.set("rvase-test:value", {"city": "Huế"}, timeout=30)
    cache.set_many({"rvase-test:a": 1, "rvase-test:b": 2}, timeout=30)
    client = cache._cache.get_client()
    assert cache.get("rvase-test:value") == {"city": "Huế"}
    assert cache.get_many(["rvase-test:a", "rvase-test:b", "rvase-test:missing"]) == {
        "rvase-test:a": 1,
        "rvase-test:b": 2,
    }
    cache.delete_many(["rvase-test:value", "rvase-test:a", "rvase-test:b"])
    assert cache.get("rvase-test:value") is None
    # One server: reads and writes share one pool and one client, made once.
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client


def session_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    return [query["sql"] for query in context.captured_queries if "django_session" in query["sql"]]


def test_a_logged_in_request_reads_its_session_from_the_cache_and_survives_losing_it(member_client):
    session_key = member_client.cookies["sessionid"].value
    assert cache.get(KEY_PREFIX + session_key) is not None
    assert session_queries(member_client, "/events/") == []

    cache.delete(KEY_PREFIX + session_key)  # Redis restarted, or the key evicted
    # Still logged in: the session is read from the database once, and put back in the cache.
    assert len(session_queries(member_client, "/events/")) == 1
    assert cache.get(KEY_PREFIX + session_key) is not None
    assert session_queries(member_client, "/events/") == []
