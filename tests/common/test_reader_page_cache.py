"""A logged-in reader's pages from the cache (common/page_cache.py, ReaderPageCacheMiddleware): kept for that reader
alone, fresh after a change."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage import default_storage
from django.db import connection
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import COORDINATION_GROUP
from common.page_cache import ReaderPageCacheMiddleware
from members import services as member_services
from tests.factories import (
    ActionFactory,
    CoordinatorFactory,
    DocumentFactory,
    FocalPointFactory,
    MemberFactory,
    NewsItemFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries.captured_queries)


def reader(user) -> Client:
    """A browser that has logged in and been given its CSRF cookie by a first page, as a reader's browser has."""
    client = Client()
    client.force_login(user)
    client.get("/about/")
    assert "csrftoken" in client.cookies
    return client


def test_a_members_page_is_served_again_from_the_cache(rvase_2023, member_person):
    client = reader(member_person.user)
    first, first_queries = get(client, "/plan/")
    assert first["X-Page-Cache"] == "miss"
    again, again_queries = get(client, "/plan/")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again_queries < first_queries and again_queries <= 1
    # Their own header: their name and the logout form with a token of their CSRF cookie.
    assert member_person.user.get_full_name() in again.content.decode()
    assert "csrfmiddlewaretoken" in again.content.decode()


def test_a_published_news_item_is_on_a_members_next_request(rvase_2023, member_person):
    item = NewsItemFactory(title="Inondations à Cần Thơ : le plan d'urgence", status="submitted", published_at=None)
    client = reader(member_person.user)
    get(client, "/news/")
    cached, _ = get(client, "/news/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Inondations à Cần Thơ" not in cached.content.decode()

    member_services.news_publish(item=item, by=CoordinatorFactory())

    fresh, _ = get(client, "/news/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Inondations à Cần Thơ : le plan d&#x27;urgence" in fresh.content.decode()


def test_an_edited_action_is_on_a_members_next_request(member_person):
    action = ActionFactory(activities="Former les agents municipaux")
    client = reader(member_person.user)
    get(client, "/plan/")
    assert get(client, "/plan/")[0]["X-Page-Cache"] == "hit"

    action.activities = "Former les agents municipaux à la gestion des déchets"
    action.save()

    fresh, _ = get(client, "/plan/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Former les agents municipaux à la gestion des déchets" in fresh.content.decode()


def test_no_reader_is_served_another_readers_page(db):
    member = MemberFactory(name="Kampot")
    coordinator = CoordinatorFactory(first_name="Chantha", last_name="Coordination")
    focal_point = FocalPointFactory(
        member=member, person__member=member, person__user=UserFactory(first_name="Lan", last_name="Focale")
    ).person.user
    member_user = PersonFactory(member=member, user=UserFactory(first_name="Sokha", last_name="Membre")).user
    other_member = PersonFactory(member=member, user=UserFactory(first_name="Vanna", last_name="Autre")).user
    DocumentFactory(title="Rapport public du réseau", visibility="public")
    DocumentFactory(title="Compte rendu réservé aux membres", visibility="members")
    DocumentFactory(title="Note interne de la coordination", visibility="coordination")
    readers = {
        "coordinator": (reader(coordinator), "Chantha Coordination"),
        "focal point": (reader(focal_point), "Lan Focale"),
        "member": (reader(member_user), "Sokha Membre"),
        "other member": (reader(other_member), "Vanna Autre"),
        "visitor": (Client(), None),
    }
    names = [name for _client, name in readers.values() if name]
    for url in ["/documents/", f"/members/{member.slug}/"]:
        pages = {}
        for _round in range(2):  # the second round: every reader's page is in the cache
            for role, (client, name) in readers.items():
                response, _ = get(client, url)
                page = response.content.decode()
                pages.setdefault(role, page)
                # Their own name in the header, nobody else's.
                assert [other for other in names if other in page] == ([name] if name else []), (role, url)
                # The same page as the first time, never the one of the reader before them.
                assert page == pages[role] or "csrfmiddlewaretoken" in page, (role, url)
        documents = {role: pages[role] for role in readers}
        if url == "/documents/":
            assert "Compte rendu réservé aux membres" not in documents["visitor"]
            assert "Note interne de la coordination" not in documents["member"]
            assert "Note interne de la coordination" not in documents["focal point"]
            assert "Compte rendu réservé aux membres" in documents["member"]
            assert "Note interne de la coordination" in documents["coordinator"]
        else:
            edit = f"/members/{member.slug}/edit/"
            assert edit in documents["focal point"] and edit in documents["coordinator"]
            assert edit not in documents["member"] and edit not in documents["visitor"]
    # Each reader's second visit came from their own entry.
    for role, (client, _name) in readers.items():
        if role != "visitor":
            assert get(client, "/documents/")[0]["X-Page-Cache"] == "hit", role


def test_a_reader_who_joins_the_coordination_sees_its_page_on_the_next_request(db):
    DocumentFactory(title="Note interne de la coordination", visibility="coordination")
    user = PersonFactory(member=MemberFactory(), user=UserFactory()).user
    client = reader(user)
    get(client, "/documents/")
    cached, _ = get(client, "/documents/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Note interne de la coordination" not in cached.content.decode()

    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])

    fresh, _ = get(client, "/documents/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Note interne de la coordination" in fresh.content.decode()

    user.groups.clear()
    assert "Note interne de la coordination" not in get(client, "/documents/")[0].content.decode()


def test_a_browser_without_its_csrf_cookie_is_not_served_nor_stored(member_person):
    client = Client()
    client.force_login(member_person.user)
    response, queries = get(client, "/news/")
    assert "X-Page-Cache" not in response
    assert queries > 0
    # The page gave it the cookie: its next pages are kept.
    assert get(client, "/news/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/news/")[0]["X-Page-Cache"] == "hit"


def test_a_message_for_a_reader_is_shown_not_the_cached_page(member_person):
    client = reader(member_person.user)
    get(client, "/events/")
    assert get(client, "/events/")[0]["X-Page-Cache"] == "hit"
    client.post("/events/timezone/", {"tz": "Mars/Olympus", "next": "/events/"})
    response, _ = get(client, "/events/")
    assert "X-Page-Cache" not in response
    assert "Fuseau horaire inconnu" in response.content.decode()
    assert get(client, "/events/")[0]["X-Page-Cache"] == "hit"


def test_a_logged_out_reader_gets_the_visitors_page(member_person):
    DocumentFactory(title="Compte rendu réservé aux membres", visibility="members")
    client = reader(member_person.user)
    get(client, "/documents/")
    assert "Compte rendu réservé aux membres" in get(client, "/documents/")[0].content.decode()
    client.post("/accounts/logout/")
    page = get(client, "/documents/")[0].content.decode()
    assert "Compte rendu réservé aux membres" not in page
    assert member_person.user.get_full_name() not in page


def test_my_space_is_kept_for_its_reader_and_fresh_after_a_change(member_person):
    client = reader(member_person.user)
    first, first_queries = get(client, "/me/")
    assert first["X-Page-Cache"] == "miss"
    again, again_queries = get(client, "/me/")
    assert again["X-Page-Cache"] == "hit" and again_queries < first_queries
    assert "no-store" in again["Cache-Control"]  # still not kept by the browser nor a proxy
    assert "Note interne récente" not in again.content.decode()

    DocumentFactory(title="Note interne récente", visibility="members", published_on=timezone.localdate())

    fresh, _ = get(client, "/me/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Note interne récente" in fresh.content.decode()
    # Another person's "Mon espace" is theirs.
    other = PersonFactory(member=member_person.member, user=UserFactory(first_name="Vanna", last_name="Autre")).user
    theirs, _ = get(reader(other), "/me/")
    assert "Vanna Autre" in theirs.content.decode()
    assert member_person.user.get_full_name() not in theirs.content.decode()


def test_a_page_showing_a_message_added_by_its_own_request_is_not_kept(rvase_2023, member_person):
    client = reader(member_person.user)
    request = RequestFactory().get("/news/")
    request.user = member_person.user
    request.session = client.session
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.META["CSRF_COOKIE"] = request.COOKIES["csrftoken"]
    request._messages = default_storage(request)

    def page_with_its_message(request):
        messages.success(request, "Votre inscription est enregistrée.")
        return render(request, "members/news/news_list.html", {"page": None})

    response = ReaderPageCacheMiddleware(page_with_its_message)(request)
    assert "Votre inscription est enregistrée." in response.content.decode()
    assert "X-Page-Cache" not in response
