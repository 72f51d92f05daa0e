"""Each event's VEVENT is kept in the database (CalendarEntry) as well as in the cache: after the cache is flushed,
restarted or down, a calendar client's poll is answered without serialising every event again."""

import gzip

import pytest
from django.core.cache import cache

from events import ics
from events.models import CalendarEntry, Event
from record.bench_data import generate
from tests.events.conftest import events_by_uid, parse_feed, uid
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def refuse_to_serialise(monkeypatch) -> list[Event]:
    """Count the events serialised from here on (their VEVENT made again) and let them through."""
    serialised = []
    original = ics.event_component

    def counted(event):
        serialised.append(event)
        return original(event)

    monkeypatch.setattr(ics, "event_component", counted)
    return serialised


def test_saving_an_event_keeps_its_entry_in_each_language(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory(title="Atelier des eaux usées", title_en="Wastewater workshop")
    entries = {entry.language: bytes(entry.body) for entry in CalendarEntry.objects.filter(event=event)}
    assert set(entries) == {"fr", "en"}
    assert b"SUMMARY:Atelier des eaux us" in entries["fr"] and b"SUMMARY:Wastewater workshop" in entries["en"]

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Atelier déplacé"
        event.save()
    assert b"SUMMARY:Atelier d" in bytes(CalendarEntry.objects.get(event=event, language="fr").body)
    assert CalendarEntry.objects.filter(event=event).count() == 2  # replaced, not added


def test_after_a_cache_flush_the_feed_comes_from_the_database_without_serialising(client, db, monkeypatch):
    events = [EventFactory(slug=f"atelier-{n}", title=f"Atelier {n}") for n in range(30)]
    first = client.get("/events/calendar.ics")
    assert CalendarEntry.objects.filter(language="fr").count() == 30  # made by the first build

    cache.clear()
    serialised = refuse_to_serialise(monkeypatch)
    again = client.get("/events/calendar.ics")
    assert serialised == []
    assert again.content == first.content

    # One event changed: only it is serialised again, the others still come from their rows.
    cache.clear()
    Event.objects.filter(pk=events[3].pk).update(title="Atelier renommé")
    events[3].refresh_from_db()
    events[3].save()  # a new updated_at: its fingerprint no longer matches its row
    changed = client.get("/events/calendar.ics")
    assert [event.pk for event in serialised] == [events[3].pk]
    assert str(events_by_uid(parse_feed(changed))[uid(events[3])]["SUMMARY"]) == "Atelier renommé"


def test_an_entry_made_for_another_site_address_is_made_again(client, db, settings, monkeypatch):
    event = EventFactory(slug="atelier-adresse")
    client.get("/events/calendar.ics")
    cache.clear()
    settings.SITE_URL = "https://autre.example"
    serialised = refuse_to_serialise(monkeypatch)
    feed = parse_feed(client.get("/events/calendar.ics"))
    assert [e.pk for e in serialised] == [event.pk]
    assert str(events_by_uid(feed)[uid(event)]["URL"]).startswith("https://autre.example/")


def test_generated_ten_times_data_comes_with_its_entries(rvase_2023, client, monkeypatch):
    """The benchmark's 1,800 generated events get their entries as saving them would make them: its cold feed
    after a cache flush measures what a site whose events were saved one by one does."""
    generate(scale=1)
    cache.clear()
    serialised = refuse_to_serialise(monkeypatch)
    feed = parse_feed(client.get("/events/calendar.ics"))
    generated = [event for event in feed.walk("VEVENT") if "banc-evenement" in str(event["URL"])]
    assert len(generated) > 50
    assert all("banc-evenement" not in event.slug for event in serialised)


def test_a_feed_just_built_is_sent_compressed_to_a_client_that_accepts_it(client, db):
    EventFactory(slug="atelier-compresse", title="Atelier compressé")
    plain = client.get("/events/calendar.ics").content
    cache.clear()
    zipped = client.get("/events/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain
