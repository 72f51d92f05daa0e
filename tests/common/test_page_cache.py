"""Visitors' pages from the cache (common/page_cache.py): served again without the database, fresh after a change."""

import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members import services as member_services
from tests.factories import ActionFactory, CoordinatorFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


def test_a_visitors_page_is_served_again_from_the_cache_without_the_database(rvase_2023, client):
    first, first_queries = get(client, "/news/")
    assert first["X-Page-Cache"] == "miss"
    assert first_queries > 0
    again, again_queries = get(client, "/news/")
    assert again["X-Page-Cache"] == "hit"
    assert again_queries == 0
    assert again.content == first.content
    # The cached page holds no reader's token and sets no cookie.
    assert b"csrfmiddlewaretoken" not in again.content
    assert not again.cookies and not first.cookies
    assert "Cookie" in again["Vary"] and "Accept-Encoding" in again["Vary"]


def test_a_published_news_item_is_on_the_next_request(rvase_2023, client):
    item = NewsItemFactory(title="Inondations à Cần Thơ : le plan d'urgence", status="submitted", published_at=None)
    get(client, "/news/")
    cached, _ = get(client, "/news/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Inondations à Cần Thơ" not in cached.content.decode()

    member_services.news_publish(item=item, by=CoordinatorFactory())

    fresh, _ = get(client, "/news/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Inondations à Cần Thơ : le plan d&#x27;urgence" in fresh.content.decode()


def test_an_edited_action_is_on_the_next_request():
    action = ActionFactory(activities="Former les agents municipaux")
    client = Client()
    get(client, "/plan/")
    assert get(client, "/plan/")[0]["X-Page-Cache"] == "hit"

    action.activities = "Former les agents municipaux à la gestion des déchets"
    action.save()

    fresh, _ = get(client, "/plan/")
    assert "Former les agents municipaux à la gestion des déchets" in fresh.content.decode()


def test_each_language_and_time_zone_has_its_own_page(rvase_2023, client):
    french, _ = get(client, "/events/")
    assert french["Content-Language"] == "fr"
    client.cookies["django_language"] = "en"
    english, _ = get(client, "/events/")
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert get(client, "/events/")[0]["X-Page-Cache"] == "hit"
    client.cookies["rvase_tz"] = "Europe/Paris"
    paris, _ = get(client, "/events/")
    assert paris["X-Page-Cache"] == "miss"


def test_the_cached_page_is_sent_compressed_to_who_accepts_it(rvase_2023, client):
    plain, _ = get(client, "/members/")
    zipped, queries = get(client, "/members/", **{"Accept-Encoding": "gzip, br"})
    assert queries == 0
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_logged_in_readers_get_their_own_page(rvase_2023, member_client):
    get(Client(), "/members/")
    response, queries = get(member_client, "/members/")
    assert "X-Page-Cache" not in response
    assert queries > 0


def test_a_visitor_with_a_message_waiting_is_not_served_nor_stored(rvase_2023, client):
    client.cookies["messages"] = "x"  # a cookie message the page must show: not the cached page
    response, queries = get(client, "/news/")
    assert "X-Page-Cache" not in response
    assert queries > 0
    del client.cookies["messages"]
    assert get(client, "/news/")[0]["X-Page-Cache"] == "miss"


def test_a_message_after_a_form_is_shown_not_the_cached_page(rvase_2023, client):
    get(client, "/events/")
    assert get(client, "/events/")[0]["X-Page-Cache"] == "hit"
    client.post("/events/timezone/", {"tz": "Mars/Olympus", "next": "/events/"})
    response, _ = get(client, "/events/")
    assert "X-Page-Cache" not in response
    assert "Fuseau horaire inconnu" in response.content.decode()
    # The message was shown once: the visitor is back on the cached page.
    assert get(client, "/events/")[0]["X-Page-Cache"] == "hit"


def test_a_page_not_marked_for_visitors_is_never_cached(rvase_2023, client):
    response, _ = get(client, "/events/calendar/")
    assert "X-Page-Cache" not in response
