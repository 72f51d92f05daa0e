"""Work bounded by the page, not the data: at ten times the data (record/bench_data.py) every page's HTML is at
most 1.5 times its size at 1×, and its queries are as many."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from record.bench_data import generate

pytestmark = pytest.mark.django_db

VISITOR_PAGES = [
    "/",
    "/members/",
    "/plan/",
    "/events/",
    "/events/?page=2",
    "/documents/",
    "/documents/?q=assainissement",
    "/news/",
    "/news/?page=2",
]
MEMBER_PAGES = ["/", "/members/", "/plan/", "/events/", "/documents/", "/documents/?q=assainissement", "/news/"]
MAX_GROWTH = 1.5


def measure(client, url):
    cache.clear()  # cold: no page, no fragment, no user from the cache
    client.get(url)  # the session and the user back in the cache, as on a reader's second page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    return len(response.content), len(queries.captured_queries)


def test_pages_at_ten_times_the_data_weigh_and_query_as_at_one(rvase_2023, member_client, settings):
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "common.page_cache.VisitorPageCacheMiddleware"
    ]
    generate(scale=1)  # the "1×": the 2023 record and a tenth of the generated rows (200 events, 500 documents…)
    visitor = Client()
    before = {("visitor", url): measure(visitor, url) for url in VISITOR_PAGES}
    before |= {("member", url): measure(member_client, url) for url in MEMBER_PAGES}

    made = generate()
    assert made["events"] == 1800 and made["documents"] == 4500

    after = {("visitor", url): measure(visitor, url) for url in VISITOR_PAGES}
    after |= {("member", url): measure(member_client, url) for url in MEMBER_PAGES}
    report = "\n".join(
        f"{who:8} {url:32} {before[who, url][0]:>8} → {after[who, url][0]:>8} B  "
        f"{before[who, url][1]:>3} → {after[who, url][1]:>3} queries"
        for who, url in before
    )
    print(report)
    for page in before:
        assert after[page][0] <= MAX_GROWTH * before[page][0], f"{page} grew too much:\n{report}"
        assert after[page][1] <= before[page][1], f"{page} made more queries:\n{report}"
