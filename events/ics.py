"""Events as iCalendar (RFC 5545): the calendar feeds and the one-event files attached to e-mails.

Each event keeps its own time zone (DTSTART;TZID=Africa/Porto-Novo:…) with the VTIMEZONE it needs, a UID that
never changes (event-<pk>@rvase), a SEQUENCE raised by Event.save() when the date, place, title or status
changes, and a URL back to its page. Whole-day events are DATE values; events without a date, or known only to
the month ("mai 2023", date_precision "month"), are left out: a calendar entry would state days nobody gave. An
event with a start and no end lasts DURATION PT1H (a whole day when it is a whole-day event), and a feed without
events keeps a VTIMEZONE (RFC 5545 3.6).
Feeds are cached whole; any change to an event moves that cache to a new version (see events.signals), and the
rebuild takes every unchanged event's VEVENT from its row in the database (CalendarEntry).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.utils.timezone import localdate
from django.utils.translation import get_language, override
from icalendar.enums import STATUS

from common.cache import current_token, renew_tokens
from common.links import absolute_url

from .models import CalendarEntry, Event

PRODID = "-//RVASE//Portail du Réseau des Villes d'Asie du Sud-Est//FR"
UID_DOMAIN = "rvase"
REFRESH_INTERVAL = dt.timedelta(hours=6)
FEED_CACHE_SECONDS = 24 * 60 * 60
FEED_VERSION_KEY = "events:feeds:version"
DEFAULT_DURATION = dt.timedelta(hours=1)
# Part of each stored VEVENT's fingerprint: raised when what a VEVENT holds changes, so that none is served stale.
VEVENT_FORMAT = "2"

_STATUS = {
    Event.Status.SCHEDULED: STATUS.CONFIRMED,
    Event.Status.TO_CONFIRM: STATUS.TENTATIVE,
    Event.Status.CANCELLED: STATUS.CANCELLED,
}


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def one_line(text: str) -> str:
    """A calendar's name on one line: icalendar escapes line breaks in SUMMARY or DESCRIPTION, not in NAME,
    and a title typed with a line break then made every feed and .ics file holding it fail."""
    return " ".join(str(text).split())


def event_component(event: Event) -> icalendar.Event:
    url = absolute_url(event.get_absolute_url())
    start = event.local_start
    end = event.local_end
    if event.all_day:
        # DATE values; DTEND is the day after the last one (RFC 5545 3.6.1).
        start_value = start.date()
        end_value = (end.date() if end else start_value) + dt.timedelta(days=1)
    else:
        start_value, end_value = start, end
    description = "\n\n".join(part for part in (event.description.strip(), url) if part)
    component = icalendar.Event.new(
        uid=event_uid(event),
        sequence=event.sequence,
        stamp=event.updated_at.astimezone(dt.UTC),
        last_modified=event.updated_at.astimezone(dt.UTC),
        created=event.created_at.astimezone(dt.UTC),
        start=start_value,
        end=end_value,
        summary=event.title,
        description=description,
        location=event.location or None,
        url=url,
        status=_STATUS.get(event.status, STATUS.CONFIRMED),
        categories=[str(event.get_kind_display())],
    )
    component.add("CLASS", "PUBLIC" if event.visibility == Event.Visibility.PUBLIC else "PRIVATE")
    if end_value is None:
        # A start without an end: clients would show it as a point in time (RFC 5545 3.6.1), or not at all. An
        # hour says "it starts then" without inventing an end time the event page does not show.
        component.add("DURATION", DEFAULT_DURATION)
    return component


def build_feed(*, events: Iterable[Event], name: str, uid: str) -> bytes:
    """A subscription feed of `events` (those without a date left out), each event's VEVENT kept on its own.

    After one event changes, rebuilding a feed of thousands re-serialises that event only: the others come
    from their rows in the database (CalendarEntry) in one query, whether or not the cache was flushed, restarted
    or down. The fingerprint holds everything a VEVENT is made of that can change without the event
    being saved (its country's name, the site's address, the language).
    """
    events = in_feeds(events)
    parts = vevents(events)
    calendar = icalendar.Calendar.new(prodid=PRODID, name=one_line(name), uid=uid, url=absolute_url("/events/"))
    # How often subscribers should reload (RFC 7986), and its older name that Outlook reads.
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
    years = [event.local_start.year for event in events] or [localdate().year]
    first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
    # A calendar holds at least one component (RFC 5545 3.6): a feed with no event (or only whole-day ones) still
    # holds the network's time zone, and stays a calendar every client reads.
    zones = {event.timezone for event in events if not event.all_day} or {settings.TIME_ZONE}
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    timezones = b"".join(vtimezone(zone, first, last) for zone in sorted(zones))
    return head[: -len(end)] + timezones + b"".join(parts) + end


@functools.lru_cache(maxsize=128)
def vtimezone(zone: str, first: dt.date, last: dt.date) -> bytes:
    """A VTIMEZONE with the zone's transitions between two dates: the same for every feed of those years, and
    tens of milliseconds to work out, so worked out once per process."""
    return icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last).to_ical()


def vevents(events: list[Event]) -> list[bytes]:
    """Each event's VEVENT in the current language, from its row in the database (CalendarEntry) in one query;
    those without a row, or whose row was made from something that has changed since, serialised now and kept."""
    keys = [_vevent_key(event) for event in events]
    language = get_language() or ""
    rows = CalendarEntry.objects.filter(event__in=[event.pk for event in events], language=language)
    found = {fingerprint: bytes(body) for fingerprint, body in rows.values_list("fingerprint", "body")}
    made = [_entry(event, language, key) for event, key in zip(events, keys, strict=True) if key not in found]
    _store(made)
    found |= {entry.fingerprint: entry.body for entry in made}
    return [found[key] for key in keys]


def store_calendar_entries(events: Iterable[Event]) -> None:
    """Serialise these events' VEVENTs in every language of the site and keep them (after an event is saved)."""
    events = in_feeds(events)
    made = []
    for language, _name in settings.LANGUAGES:
        with override(language):
            made += [_entry(event, language, _vevent_key(event)) for event in events]
    _store(made)


def in_feeds(events: Iterable[Event]) -> list[Event]:
    """Known to the day only: an event without a date, or known to the month ("mai 2023"), is not a calendar entry."""
    return [event for event in events if event.starts_at is not None and event.in_calendar_feeds]


def _entry(event: Event, language: str, fingerprint: str) -> CalendarEntry:
    return CalendarEntry(event=event, language=language, fingerprint=fingerprint, body=event_component(event).to_ical())


def _store(entries: list[CalendarEntry]) -> None:
    if entries:
        CalendarEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["event", "language"],
            update_fields=["fingerprint", "body"],
            batch_size=500,
        )


def _vevent_key(event: Event) -> str:
    source = "|".join(
        [
            VEVENT_FORMAT,
            event.updated_at.isoformat(),
            str(event.sequence),
            event.location,
            settings.SITE_URL,
            get_language() or "",
        ]
    )
    return f"events:vevent:{event.pk}:{hashlib.sha256(source.encode()).hexdigest()[:24]}"


def event_ics(event: Event) -> bytes:
    """One event, for an e-mail attachment or "add to my calendar"."""
    component = event_component(event)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=one_line(event.title),
        uid=f"{event_uid(event)}-file",
        method="PUBLISH",
        subcomponents=[component],
    )
    calendar.add_missing_timezones(
        first_date=dt.date(component.start.year - 1, 1, 1), last_date=dt.date(component.start.year + 2, 1, 1)
    )
    return calendar.to_ical()


# ---- cache -----------------------------------------------------------------------------------------------------


def feed_version() -> str:
    return current_token(FEED_VERSION_KEY)


def invalidate_feeds() -> None:
    """Every cached feed is stale from now on (and again after the commit): the next request builds it again."""
    renew_tokens([FEED_VERSION_KEY])


def cached_feed(*, name: str, build: Callable[[], bytes]) -> tuple[bytes, str]:
    """The feed's bytes and ETag, from the cache when no event changed since it was built."""
    key = f"events:feed:{feed_version()}:{get_language()}:{name}"
    found = cache.get(key)
    if found is None:
        body = build()
        found = (body, hashlib.sha256(body).hexdigest()[:32])
        cache.set(key, found, FEED_CACHE_SECONDS)
    return found
