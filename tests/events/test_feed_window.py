"""The calendar feeds at ten times the data: the public feed holds the last twelve months and everything ahead,
each year has an archive feed, and a calendar client polling with If-None-Match or If-Modified-Since gets a 304
without the feed being read or built."""

import datetime as dt

import pytest
from django.utils import timezone

from events import ics
from tests.factories import PHNOM_PENH, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def at(days: int) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(9), PHNOM_PENH)


@pytest.fixture
def events():
    old = EventFactory(title="Congrès d'il y a deux ans", starts_at=at(-730), ends_at=at(-730) + dt.timedelta(hours=2))
    recent = EventFactory(
        title="Atelier du semestre passé", starts_at=at(-180), ends_at=at(-180) + dt.timedelta(hours=2)
    )
    ahead = EventFactory(title="Réunion à venir", starts_at=at(60), ends_at=at(60) + dt.timedelta(hours=2))
    return old, recent, ahead


def test_the_public_feed_holds_the_last_year_and_what_is_ahead(events, client):
    old, recent, ahead = events
    feed = client.get("/events/calendar.ics").content.decode()
    assert f"UID:event-{recent.pk}@rvase" in feed and f"UID:event-{ahead.pk}@rvase" in feed
    assert f"UID:event-{old.pk}@rvase" not in feed

    archive = client.get(f"/events/calendar/archive/{old.year}.ics")
    assert archive.status_code == 200
    assert archive["Content-Type"] == "text/calendar; charset=utf-8"
    text = archive.content.decode()
    assert f"UID:event-{old.pk}@rvase" in text and f"UID:event-{ahead.pk}@rvase" not in text
    assert f"RVASE — événements de {old.year}" in text

    help_page = client.get("/events/calendar/").content.decode()
    assert f'href="/events/calendar/archive/{old.year}.ics"' in help_page
    assert client.get("/events/calendar/archive/1066.ics").status_code == 404


def test_a_calendar_client_polling_gets_304_without_the_feed_being_built(events, client, monkeypatch):
    first = client.get("/events/calendar.ics")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified

    def refuse(**kwargs):
        raise AssertionError("the feed was read or built for a conditional GET that still holds")

    monkeypatch.setattr(ics, "cached_feed", refuse)
    by_etag = client.get("/events/calendar.ics", headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == etag
    by_date = client.get("/events/calendar.ics", headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    monkeypatch.undo()

    _old, _recent, ahead = events
    ahead.title = "Réunion à venir, salle changée"
    ahead.save()
    changed = client.get("/events/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Réunion à venir\\, salle changée" in changed.content.decode()


def test_the_other_calendar_addresses_still_answer(events, client):
    theme = ThemeFactory()
    _old, _recent, ahead = events
    ahead.themes.add(theme)
    assert client.get(f"/events/themes/{theme.slug}/calendar.ics").status_code == 200
    response = client.get(f"/events/themes/{theme.slug}/calendar.ics")
    assert (
        client.get(f"/events/themes/{theme.slug}/calendar.ics", headers={"If-None-Match": response["ETag"]}).status_code
        == 304
    )


def test_a_client_accepting_gzip_gets_the_feed_compressed_once(events, client, monkeypatch):
    import gzip

    plain = client.get("/events/calendar.ics")
    zipped = client.get("/events/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    monkeypatch.setattr(ics, "cached_feed", lambda **kwargs: (_ for _ in ()).throw(AssertionError("feed read")))
    again = client.get("/events/calendar.ics", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(again.content) == plain.content
