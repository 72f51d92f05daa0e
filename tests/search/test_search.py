"""/search/?q=: one French full-text search over every kind, grouped and ranked, never showing a visitor more than
the visitor's pages do."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import Document
from events.models import Event
from members.models import NewsItem
from minutes.models import Minutes
from search import selectors
from tests.factories import (
    ActionFactory,
    CoordinatorFactory,
    DecisionFactory,
    DocumentFactory,
    EventFactory,
    MemberFactory,
    MinutesFactory,
    NewsItemFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def search(client, q, **params) -> str:
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return page_text(response)


@pytest.fixture
def member_client(db):
    client = Client()
    client.force_login(PersonFactory(member=MemberFactory(), user=UserFactory()).user)
    return client


@pytest.fixture
def coordinator_client(db):
    client = Client()
    client.force_login(CoordinatorFactory())
    return client


@pytest.fixture
def record(db):
    """One row of each kind about sanitation, public, and its members-only or unpublished twin."""
    hue = MemberFactory(name="Hué", slug="hue", description="Porte un projet de traitement des eaux usées.")
    ActionFactory(activities="Atelier régional", proposals="Gestion des eau usée dans les villes moyennes")
    public = EventFactory(title="Conférence sur l'assainissement", description="Eaux usées et boues de vidange.")
    SessionFactory(event=EventFactory(title="Réunion annuelle 2030"), title="Table ronde : réseaux d'eaux usées")
    EventFactory(title="Réunion interne eaux usées", visibility=Event.Visibility.MEMBERS)
    EventFactory(title="Proposition eaux usées", publication=Event.Publication.PROPOSED)
    DocumentFactory(title="Guide des eaux usées", visibility=Document.Visibility.PUBLIC)
    DocumentFactory(title="Note interne eaux usées", visibility=Document.Visibility.MEMBERS)
    DocumentFactory(title="Budget eaux usées", visibility=Document.Visibility.COORDINATION)
    NewsItemFactory(member=hue, title="Hué inaugure une station d'eaux usées")
    NewsItemFactory(title="Brouillon eaux usées", status=NewsItem.Status.DRAFT, published_at=None)
    approved = MinutesFactory(event=public, status=Minutes.Status.APPROVED)
    DecisionFactory(minutes=approved, title="Priorité aux eaux usées", text="Les villes partagent leurs données.")
    draft = MinutesFactory(status=Minutes.Status.DRAFT)
    DecisionFactory(minutes=draft, title="Projet de décision eaux usées", text="Encore en discussion.")
    return hue


VISITOR_SEES = [
    "Hué",  # member, by its description
    "Gestion des eau usée dans les villes moyennes",  # an action, by its "Propositions" column
    "Conférence sur l'assainissement",
    "Table ronde : réseaux d'eaux usées",  # an item of a programme
    "Guide des eaux usées",
    "Hué inaugure une station d'eaux usées",
]
MEMBERS_ONLY = ["Réunion interne eaux usées", "Note interne eaux usées", "Priorité aux eaux usées"]
NOBODY_BUT_COORDINATION = ["Budget eaux usées", "Projet de décision eaux usées"]
NEVER = ["Proposition eaux usées", "Brouillon eaux usées"]


def test_eaux_usees_finds_eau_usee_in_every_kind(client, record):
    page = search(client, "eaux usées")
    for expected in VISITOR_SEES:
        assert expected in page


def test_a_visitor_never_sees_what_is_for_members(client, record):
    page = search(client, "eaux usées")
    for hidden in MEMBERS_ONLY + NOBODY_BUT_COORDINATION + NEVER:
        assert hidden not in page
    assert "Décisions et recommandations" not in page
    for kind in ("events", "documents", "news", "decisions", "members", "actions"):
        page = search(client, "eaux usées", kind=kind)
        for hidden in MEMBERS_ONLY + NOBODY_BUT_COORDINATION + NEVER:
            assert hidden not in page


def test_a_member_sees_members_only_rows_but_not_the_coordinations(member_client, record):
    page = search(member_client, "eaux usées")
    for expected in VISITOR_SEES + MEMBERS_ONLY:
        assert expected in page
    for hidden in NOBODY_BUT_COORDINATION + NEVER:
        assert hidden not in page


def test_the_coordinator_sees_draft_decisions_and_coordination_documents(coordinator_client, record):
    page = search(coordinator_client, "eaux usées")
    for expected in VISITOR_SEES + MEMBERS_ONLY + NOBODY_BUT_COORDINATION:
        assert expected in page


def test_decisions_link_to_their_place_in_the_minutes(member_client, record):
    body = member_client.get("/search/", {"q": "priorité"}).content.decode()
    assert "/minutes/#decision-network-" in body


def test_contacts_of_members_are_not_searched(client, db):
    MemberFactory(name="Kampot", email="secretariat@kampot.example", phone="+855 12 345 678")
    assert "Kampot" not in search(client, "secretariat")


def test_results_are_grouped_by_kind_in_a_fixed_order(client, record):
    page = search(client, "eaux usées")
    headings = ["Membres", "Actions du plan", "Événements et programmes", "Documents", "Actualités"]
    positions = [page.index(f"{heading} (") for heading in headings]
    assert positions == sorted(positions)


def test_a_title_ranks_above_a_description(client, db):
    EventFactory(title="Atelier tourisme", description="Un mot sur les boues de vidange.")
    EventFactory(title="Boues de vidange : atelier", description="Atelier technique.")
    page = search(client, "boues", kind="events")
    assert page.index("Boues de vidange : atelier") < page.index("Atelier tourisme")


def test_one_kind_page_by_page(client, db):
    for number in range(25):
        DocumentFactory(title=f"Rapport boues {number:02d}", visibility="public")
    overview = search(client, "boues")
    assert "Documents (25)" in overview
    assert "Les 25 résultats dans : Documents" in overview
    first = search(client, "boues", kind="documents")
    second = search(client, "boues", kind="documents", page="2")
    assert first.count("Rapport boues") == 20
    assert second.count("Rapport boues") == 5
    assert "Page 2 sur 2" in second


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "boues " * 400,  # 2,400 characters
        "x" * 2000,
        '"boues de',
        "boues OR -eau",
        "boues & | ! : * ( ) <-> '",
        "'); DROP TABLE documents_document; --",
        "\x00boues",
        "<script>alert(1)</script>",
        "le la les",  # only French stop words
        "🙂",
    ],
)
@pytest.mark.parametrize("kind", ["", "documents", "decisions", "junk"])
def test_odd_input_gets_results_or_a_clear_empty_state(member_client, record, q, kind):
    response = member_client.get("/search/", {"q": q, "kind": kind, "page": "abc"})
    assert response.status_code == 200
    page = page_text(response)
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "Aucun résultat pour" in page or "Saisissez un ou plusieurs mots" in page or " pour « " in page


@pytest.mark.parametrize("page_number", ["0", "-1", "99999", "1.5", "9" * 40, "%00"])
def test_junk_page_numbers_fall_back_to_a_real_page(client, record, page_number):
    response = client.get("/search/", {"q": "eaux usées", "kind": "documents", "page": page_number})
    assert response.status_code == 200
    assert "Guide des eaux usées" in page_text(response)


def test_an_empty_search_says_what_to_type(client, db):
    page = search(client, "")
    assert "Saisissez un ou plusieurs mots" in page


def test_a_search_with_nothing_found_says_so(client, record):
    assert "Aucun résultat pour « zzzqqq »" in search(client, "zzzqqq")


def test_the_sqlite_fallback_is_a_plain_contains(client, record, monkeypatch):
    """`make run` runs on SQLite: the same selectors then filter with a case-insensitive "contains"."""
    monkeypatch.setattr(selectors, "is_full_text", lambda: False)
    monkeypatch.setattr("documents.search.is_full_text", lambda: False)
    page = search(client, "eaux usées")
    for expected in ("Conférence sur l'assainissement", "Table ronde : réseaux d'eaux usées", "Guide des eaux usées"):
        assert expected in page
    for hidden in MEMBERS_ONLY + NOBODY_BUT_COORDINATION + NEVER:
        assert hidden not in page


def test_the_query_count_is_fixed(client, record, django_assert_max_num_queries):
    for number in range(30):
        DocumentFactory(title=f"Rapport eaux usées {number}", visibility="public")
        NewsItemFactory(title=f"Nouvelle eaux usées {number}", published_at=timezone.now() - dt.timedelta(days=number))
    with django_assert_max_num_queries(13):
        search(client, "eaux usées")
    with django_assert_max_num_queries(3):
        search(client, "eaux usées", kind="news", page="2")


def test_excerpts_mark_the_words_found_and_escape_the_rest(client, db):
    NewsItemFactory(title="Atelier", text='Gestion des boues <img src=x onerror="alert(1)"> à Hué.')
    body = client.get("/search/", {"q": "boues"}).content.decode()
    assert "<mark>boues</mark>" in body
    assert "<img src=x" not in body


def test_the_excerpt_filter_escapes_before_marking():
    from search.templatetags.search_results import highlighted

    assert highlighted('a <b onclick="x"> \x02eaux\x03 \x02') == "a &lt;b onclick=&quot;x&quot;&gt; <mark>eaux</mark> "
