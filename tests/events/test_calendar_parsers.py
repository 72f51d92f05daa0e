"""Four calendar parsers nobody on the project wrote read every kind of feed the same way.

Mozilla's ical.js (Thunderbird's parser, through node: tests/ical_parse.mjs), icalendar, recurring-ical-events
and vobject, on the public feed, a personal feed, one event's .ics file and a feed without events. An event with a
start and no end lasts an hour (a day when it is a whole-day event) in all four; an empty feed keeps a VTIMEZONE,
since RFC 5545 3.6 wants at least one component in a calendar.
"""

import datetime
import json
import shutil
import subprocess
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.conf import settings
from django.utils import timezone

from events.models import CalendarFeedToken, Event
from tests.factories import EventFactory, MemberFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
PORTO_NOVO = zoneinfo.ZoneInfo("Africa/Porto-Novo")
ROOT = Path(settings.BASE_DIR)
HOUR = datetime.timedelta(hours=1)


def ical_js(body: bytes, tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "node is needed (Debian package nodejs)"
    assert (ROOT / "node_modules" / "ical.js" / "package.json").is_file(), "run `make node-tools` (ical.js)"
    path = tmp_path / "feed.ics"
    path.write_bytes(body)
    result = subprocess.run(
        [node, str(ROOT / "tests" / "ical_parse.mjs"), str(path)], capture_output=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def utc(value: str | None) -> str | None:
    """ical.js's "2027-01-11T02:00:00.000Z" as Python writes the same moment."""
    return datetime.datetime.fromisoformat(value).astimezone(datetime.UTC).isoformat() if value else None


def read_with_four_parsers(body: bytes, tmp_path: Path) -> dict:
    """What each parser read: the VEVENTs by UID (start and end in UTC, or days) and the other components."""
    by_js = ical_js(body, tmp_path)
    calendar = icalendar.Calendar.from_ical(body)
    vcalendar = vobject.readOne(body.decode())
    window = (datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))
    occurrences = recurring_ical_events.of(calendar).between(*window)

    def moment(value):
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).isoformat()
        return value.isoformat()

    return {
        "ical.js": {
            "components": sorted(set(by_js["components"])),
            "events": {
                event["uid"]: (
                    utc(event["startUtc"]) or event["start"],
                    utc(event["endUtc"]) or event["end"],
                    event["durationSeconds"],
                )
                for event in by_js["events"]
            },
        },
        "icalendar": {
            "components": sorted({component.name.lower() for component in calendar.subcomponents}),
            "events": {
                str(event["UID"]): (moment(event.start), moment(event.end), int(event.duration.total_seconds()))
                for event in calendar.walk("VEVENT")
            },
        },
        "recurring-ical-events": {
            "components": sorted({component.name.lower() for component in calendar.subcomponents}),
            "events": {
                str(event["UID"]): (
                    moment(event["DTSTART"].dt),
                    moment(event["DTEND"].dt),
                    int((event["DTEND"].dt - event["DTSTART"].dt).total_seconds()),
                )
                for event in occurrences
            },
        },
        "vobject": {
            "components": sorted(
                {child.name.lower() for child in vcalendar.getChildren() if isinstance(child, vobject.base.Component)}
            ),
            "events": {
                vevent.uid.value: _vobject_times(vevent, moment) for vevent in getattr(vcalendar, "vevent_list", [])
            },
        },
    }


def _vobject_times(vevent, moment):
    start = vevent.dtstart.value
    end = vevent.dtend.value if hasattr(vevent, "dtend") else start + vevent.duration.value
    return (moment(start), moment(end), int((end - start).total_seconds()))


def assert_all_agree(read: dict) -> dict:
    reference = read["ical.js"]
    for name, what in read.items():
        assert what == reference, f"{name} reads {what}, ical.js reads {reference}"
    return reference


@pytest.fixture
def events(db):
    """In the weeks to come (inside any window the feeds keep): with an end, without one, and a whole day."""
    soon = timezone.localdate() + datetime.timedelta(days=40)
    with_end = EventFactory(
        title="Atelier assainissement",
        starts_at=datetime.datetime(soon.year, soon.month, soon.day, 9, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(soon.year, soon.month, soon.day, 12, 0, tzinfo=PHNOM_PENH),
    )
    no_end = EventFactory(
        title="Séminaire à Cotonou, heure de fin non annoncée",
        timezone="Africa/Porto-Novo",
        starts_at=datetime.datetime(soon.year, soon.month, soon.day, 15, 30, tzinfo=PORTO_NOVO),
        ends_at=None,
    )
    whole_day = EventFactory(
        title="Journée des villes",
        all_day=True,
        starts_at=datetime.datetime(soon.year, soon.month, soon.day, 0, 0, tzinfo=PHNOM_PENH),
        ends_at=None,
    )
    members_only = EventFactory(
        title="Réunion interne des points focaux",
        visibility=Event.Visibility.MEMBERS,
        starts_at=datetime.datetime(soon.year, soon.month, soon.day, 14, 0, tzinfo=PHNOM_PENH),
        ends_at=None,
    )
    return {"with_end": with_end, "no_end": no_end, "whole_day": whole_day, "members_only": members_only, "day": soon}


def uid(event) -> str:
    return f"event-{event.pk}@rvase"


def feed(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def test_the_public_feed_reads_the_same_in_four_parsers_and_no_event_is_zero_length(client, events, tmp_path):
    read = assert_all_agree(read_with_four_parsers(feed(client, "/events/calendar.ics"), tmp_path))
    assert read["components"] == ["vevent", "vtimezone"]
    found = read["events"]
    assert uid(events["members_only"]) not in found
    start = events["no_end"].starts_at
    assert found[uid(events["no_end"])] == (
        start.astimezone(datetime.UTC).isoformat(),
        (start + HOUR).astimezone(datetime.UTC).isoformat(),
        3600,
    )
    day = events["day"]
    assert found[uid(events["whole_day"])] == (
        day.isoformat(),
        (day + datetime.timedelta(days=1)).isoformat(),
        86400,
    )
    assert found[uid(events["with_end"])][2] == 3 * 3600


def test_a_personal_feed_reads_the_same_in_four_parsers(client, events, tmp_path):
    person = PersonFactory(member=MemberFactory(), user=UserFactory())
    token = CalendarFeedToken.objects.create(user=person.user)
    read = assert_all_agree(read_with_four_parsers(feed(client, f"/events/calendar/{token.token}.ics"), tmp_path))
    assert read["events"][uid(events["members_only"])][2] == 3600
    assert uid(events["no_end"]) in read["events"]


def test_one_events_file_reads_the_same_in_four_parsers(client, events, tmp_path):
    body = feed(client, f"/events/{events['no_end'].slug}/event.ics")
    read = assert_all_agree(read_with_four_parsers(body, tmp_path))
    assert list(read["events"]) == [uid(events["no_end"])]
    assert read["events"][uid(events["no_end"])][2] == 3600
    assert b"DURATION:PT1H" in body and b"TZID=Africa/Porto-Novo" in body


def test_a_feed_without_events_keeps_a_time_zone_and_reads_in_four_parsers(client, db, tmp_path):
    member = MemberFactory(slug="luang-prabang")
    body = feed(client, f"/events/members/{member.slug}/calendar.ics")
    read = assert_all_agree(read_with_four_parsers(body, tmp_path))
    assert read == {"components": ["vtimezone"], "events": {}}
    assert b"TZID:Asia/Phnom_Penh" in body
