"""Work bounded by the page, not the data: at ten times the data (record/bench_data.py) every page's HTML is at
most 1.5 times its size at 1×, and its queries are as many; a logged-in reader's page read again comes from their
cache with no query, at 1× as at 10×."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from record.bench_data import generate
from tests.factories import CoordinatorFactory, FocalPointFactory, UserFactory

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
# Rendering is measured here, not the pages kept in the cache (tests/common/test_page_cache.py and
# test_reader_page_cache.py test those).
PAGE_CACHES = {"common.page_cache.VisitorPageCacheMiddleware", "common.page_cache.ReaderPageCacheMiddleware"}
# A logged-in reader's page served again from their cache: at most this many queries, at 1× as at 10×.
READER_HIT_QUERIES = 0


def measure(client, url):
    cache.clear()  # cold: no page, no fragment, no user from the cache
    client.get(url)  # the session and the user back in the cache, as on a reader's second page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    return len(response.content), len(queries.captured_queries)


def test_pages_at_ten_times_the_data_weigh_and_query_as_at_one(rvase_2023, member_client, settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name not in PAGE_CACHES]
    generate(
        scale=1, calendar_entries=False
    )  # the "1×": the 2023 record and a tenth of the generated rows (200 events, 500 documents…)
    visitor = Client()
    before = {("visitor", url): measure(visitor, url) for url in VISITOR_PAGES}
    before |= {("member", url): measure(member_client, url) for url in MEMBER_PAGES}

    made = generate(calendar_entries=False)
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


def test_logged_in_pages_come_again_from_the_readers_cache_at_one_and_ten_times_the_data(rvase_2023, member_person):
    clients = {}
    for role, user in [
        ("member", member_person.user),
        ("focal point", FocalPointFactory(member=member_person.member, person__user=UserFactory()).person.user),
        ("coordinator", CoordinatorFactory()),
    ]:
        clients[role] = Client()
        clients[role].force_login(user)
        clients[role].get("/about/")  # the CSRF cookie a browser is given by its first page
    pages = [(role, url) for role in clients for url in [*MEMBER_PAGES, "/me/"]]

    def hits():
        cache.clear()
        found = {}
        for role, url in pages:
            clients[role].get(url)  # a miss: the page is kept
            with CaptureQueriesContext(connection) as queries:
                response = clients[role].get(url)
            assert response.status_code == 200 and response["X-Page-Cache"] == "hit", (role, url)
            found[role, url] = len(queries.captured_queries)
        return found

    generate(scale=1, calendar_entries=False)
    before = hits()
    generate(calendar_entries=False)
    after = hits()
    for page in pages:
        assert before[page] <= READER_HIT_QUERIES and after[page] <= READER_HIT_QUERIES, (page, before, after)
