"""A theme's public page gathers its members, actions, projects, roadmap, events, documents and news."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan.models import Theme
from documents.models import Document
from events.models import Event
from members.models import NewsItem
from tests.factories import DocumentFactory, EventFactory, NewsItemFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db
URL = "/plan/themes/assainissement/"


@pytest.fixture
def sanitation(rvase_2023):
    theme = Theme.objects.get(slug="assainissement")
    soon = timezone.now() + dt.timedelta(days=30)
    EventFactory(title="Atelier FSM à Hué", starts_at=soon).themes.add(theme)
    EventFactory(title="Atelier interne FSM", starts_at=soon, visibility=Event.Visibility.MEMBERS).themes.add(theme)
    EventFactory(title="Atelier proposé FSM", starts_at=soon, publication=Event.Publication.PROPOSED).themes.add(theme)
    DocumentFactory(title="Guide des boues de vidange", visibility=Document.Visibility.PUBLIC).themes.add(theme)
    DocumentFactory(title="Note interne sur les boues", visibility=Document.Visibility.MEMBERS).themes.add(theme)
    DocumentFactory(title="Budget boues", visibility=Document.Visibility.COORDINATION).themes.add(theme)
    NewsItemFactory(title="Station d'épuration inaugurée").themes.add(theme)
    NewsItemFactory(title="Brouillon assainissement", status=NewsItem.Status.DRAFT, published_at=None).themes.add(theme)
    return theme


def test_the_theme_page_gathers_everything_public_about_the_theme(client, sanitation):
    page = page_text(client.get(URL))
    assert "Amélioration de l'assainissement en ville" in page
    assert "Hué FSM project" in page  # a project
    assert "Membres qui y travaillent" in page and "Hué" in page
    assert "Feuille de route" in page
    for expected in ("Atelier FSM à Hué", "Guide des boues de vidange", "Station d'épuration inaugurée"):
        assert expected in page
    for hidden in (
        "Atelier interne FSM",
        "Atelier proposé FSM",
        "Note interne sur les boues",
        "Budget boues",
        "Brouillon assainissement",
    ):
        assert hidden not in page


def test_a_member_also_sees_the_members_only_items(member_client, sanitation):
    page = page_text(member_client.get(URL))
    assert "Atelier interne FSM" in page
    assert "Note interne sur les boues" in page
    assert "Budget boues" not in page
    assert "Atelier proposé FSM" not in page


def test_the_lists_are_bounded_and_link_to_the_whole_lists(client, sanitation):
    for number in range(12):
        DocumentFactory(
            title=f"Rapport d'assainissement {number}", visibility="public", published_on=dt.date(2024, 1, 1)
        ).themes.add(sanitation)
    response = client.get(URL)
    assert page_text(response).count("Rapport d'assainissement") == 5
    body = response.content.decode()
    assert 'href="/documents/?theme=assainissement"' in body
    assert 'href="/events/?theme=assainissement"' in body
    assert 'href="/news/feed/themes/assainissement/"' in body
    assert 'href="/events/themes/assainissement/calendar.ics"' in body


def test_the_query_count_does_not_grow_with_the_data(client, sanitation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    few = queries()
    for number in range(30):
        EventFactory(starts_at=timezone.now() + dt.timedelta(days=number + 1)).themes.add(sanitation)
        DocumentFactory(visibility="public").themes.add(sanitation)
        NewsItemFactory().themes.add(sanitation)
    assert queries() == few <= 13
