"""Lists bounded by the page: the directory, the plan and the events page in pages; the filters of the plan and
the documents take a typed name (with suggestions from small JSON endpoints) instead of listing every member and
event."""

import json

import pytest
from django.test import Client

from record.bench_data import generate
from tests.factories import ActionFactory, DocumentFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_times(rvase_2023):
    generate(calendar_entries=False)


def test_the_directory_the_plan_and_the_events_come_in_pages(ten_times, client):
    members = client.get("/members/").content.decode()
    assert "120 membres" in members
    assert "Page 1 sur 5" in members
    assert members.count('class="card member-card"') == 24

    plan = client.get("/plan/").content.decode()
    assert "Page 1 sur 8" in plan
    assert plan.count('<tr id="action-') == 20
    last = client.get("/plan/?page=8").content.decode()
    assert last.count('<tr id="action-') == 10

    events = client.get("/events/").content.decode()
    assert 'rel="next"' in events and "upcoming=2" in events and "page=2" in events
    later = client.get("/events/?upcoming=2").content.decode()
    assert "Plus proches" in later


def test_the_documents_filter_lists_no_member_nor_event(ten_times, client):
    page = client.get("/documents/").content.decode()
    assert "banc-ville-" not in page  # no <option> per member
    assert "banc-evenement-" not in page  # nor per event
    assert 'data-suggest="/members/suggest.json"' in page and 'data-suggest="/events/suggest.json"' in page


def test_a_typed_member_or_event_filters_the_documents_without_script(db, client):
    hue = MemberFactory(name="Huế", slug="hue")
    event = EventFactory(title="Réunion annuelle 2023", slug="reunion-annuelle-2023")
    DocumentFactory(title="Plan de Huế", member=hue, visibility="public")
    DocumentFactory(title="Programme de la réunion", event=event, visibility="public")
    DocumentFactory(title="Autre rapport", visibility="public")

    by_name = client.get("/documents/", {"member": "Huế"}).content.decode()
    assert "Plan de Huế" in by_name and "Autre rapport" not in by_name
    by_slug = client.get("/documents/", {"member": "hue"}).content.decode()
    assert "Plan de Huế" in by_slug and "Programme de la réunion" not in by_slug
    by_event = client.get("/documents/", {"event": "réunion annuelle"}).content.decode()
    assert "Programme de la réunion" in by_event and "Plan de Huế" not in by_event


def test_the_suggestions_name_members_and_visible_events(db):
    MemberFactory(name="Luang Prabang", slug="luang-prabang")
    EventFactory(title="Atelier tourisme durable", slug="atelier-tourisme", visibility="public")
    EventFactory(title="Atelier tourisme interne", slug="atelier-interne", visibility="members")
    visitor = Client()
    members = json.loads(visitor.get("/members/suggest.json", {"q": "prab"}).content)
    assert members == {"results": [{"name": "Luang Prabang", "slug": "luang-prabang"}]}
    events = json.loads(visitor.get("/events/suggest.json", {"q": "tourisme"}).content)
    assert [event["slug"] for event in events["results"]] == ["atelier-tourisme"]
    assert json.loads(visitor.get("/events/suggest.json", {"q": "a"}).content) == {"results": []}


def test_the_plan_filter_takes_a_typed_member(db, client):
    hue = MemberFactory(name="Huế", slug="hue")
    action = ActionFactory(activities="Gérer les déchets de la citadelle")
    action.members.add(hue)
    ActionFactory(plan=action.plan, axis=action.axis, activities="Former les agents")
    page = client.get("/plan/", {"member": "hue"}).content.decode()
    assert "Gérer les déchets de la citadelle" in page and "Former les agents" not in page
