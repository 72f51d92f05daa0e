"""The calendar feeds, parsed with the icalendar library as a calendar client would read them."""

import datetime
import time
import zoneinfo

import pytest
from django.conf import settings
from django.core.management import call_command

from actionplan.models import Theme
from events.models import CalendarFeedToken, Event
from members.models import Member
from tests.events.conftest import events_by_uid, parse_feed, uid
from tests.factories import FUTURE_YEAR, EventFactory, NamedPersonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PORTO_NOVO = zoneinfo.ZoneInfo("Africa/Porto-Novo")


@pytest.fixture
def members_only_event(rvase_2023):
    return EventFactory(
        slug=f"reunion-interne-{FUTURE_YEAR}",
        title="Réunion interne des points focaux",
        visibility=Event.Visibility.MEMBERS,
        host_member=Member.objects.get(slug="hue"),
    )


@pytest.fixture
def public_event_ahead(rvase_2023):
    return EventFactory(slug=f"atelier-public-{FUTURE_YEAR}", title="Atelier public")


def personal_feed_url(user) -> str:
    token = CalendarFeedToken.objects.create(user=user)
    return f"/events/calendar/{token.token}.ics"


def all_feed_urls() -> list[str]:
    return (
        ["/events/calendar.ics"]
        + [f"/events/themes/{slug}/calendar.ics" for slug in Theme.objects.values_list("slug", flat=True)]
        + [f"/events/members/{slug}/calendar.ics" for slug in Member.objects.values_list("slug", flat=True)]
    )


def test_every_feed_parses_and_declares_each_time_zone_it_uses(client, rvase_2023, member_person):
    EventFactory(
        slug=f"seminaire-cotonou-{FUTURE_YEAR}",
        title="Séminaire à Cotonou",
        timezone="Africa/Porto-Novo",
        starts_at=datetime.datetime(FUTURE_YEAR, 6, 2, 9, 0, tzinfo=PORTO_NOVO),
        ends_at=datetime.datetime(FUTURE_YEAR, 6, 2, 17, 0, tzinfo=PORTO_NOVO),
    )
    urls = [*all_feed_urls(), personal_feed_url(member_person.user)]
    assert len(urls) > 15
    for url in urls:
        calendar = parse_feed(client.get(url))
        declared = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
        used = {
            component[name].params["TZID"]
            for component in calendar.walk("VEVENT")
            for name in ("DTSTART", "DTEND")
            if name in component and "TZID" in component[name].params
        }
        assert used <= declared, f"{url}: {used - declared} used without a VTIMEZONE"
        for component in calendar.walk("VEVENT"):
            assert component["UID"] and component["DTSTAMP"] and component["DTSTART"], url
            assert "SEQUENCE" in component and "URL" in component, url


def test_the_2023_archive_feed_holds_the_2023_events_in_their_own_time_zones(client, rvase_2023):
    # 2023 is more than twelve months ago: its events are in their year's archive feed, not the public one.
    assert "event-" not in client.get("/events/calendar.ics").content.decode()
    response = client.get("/events/calendar/archive/2023.ics")
    calendar = parse_feed(response)
    events = events_by_uid(calendar)
    meeting = Event.objects.get(slug="reunion-annuelle-2023")
    congress = Event.objects.get(slug="congres-aimf-2023")

    annual = events[uid(meeting)]
    assert annual["DTSTART"].params["TZID"] == "Asia/Phnom_Penh"
    assert annual.start.astimezone(UTC) == datetime.datetime(2023, 5, 18, 1, 0, tzinfo=UTC)
    assert annual.end.astimezone(UTC) == datetime.datetime(2023, 5, 18, 5, 0, tzinfo=UTC)
    assert str(annual["SUMMARY"]) == meeting.title
    assert "Fairfield Hotel" in str(annual["LOCATION"])
    assert str(annual["URL"]) == f"{settings.SITE_URL.rstrip('/')}/events/reunion-annuelle-2023/"
    assert str(annual["STATUS"]) == "CONFIRMED"
    assert "Asia/Phnom_Penh" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}

    # The Cotonou congress is a whole day there: a DATE value, the day of Cotonou (not Phnom Penh's or UTC's).
    cotonou = events[uid(congress)]
    assert congress.timezone == "Africa/Porto-Novo"
    assert cotonou["DTSTART"].params.get("VALUE") == "DATE"
    assert cotonou.start == datetime.date(2023, 10, 23)
    assert cotonou.end == datetime.date(2023, 10, 24)  # DTEND of a DATE event is the day after
    assert "Cotonou" in str(cotonou["LOCATION"])

    # Events whose date is still to be confirmed are left out.
    assert uid(Event.objects.get(slug="reunion-annuelle-2024")) not in events
    assert uid(Event.objects.get(slug="sommet-asean-vientiane-2024")) not in events
    # So is the GBV conference, known to the month only ("mai 2023").
    assert uid(Event.objects.get(slug="conference-gbv-2023")) not in events
    assert len(events) == 2


def test_a_timed_event_in_cotonou_keeps_the_africa_porto_novo_zone(client, db):
    seminar = EventFactory(
        title="Séminaire à Cotonou",
        timezone="Africa/Porto-Novo",
        starts_at=datetime.datetime(FUTURE_YEAR, 6, 2, 9, 0, tzinfo=PORTO_NOVO),
        ends_at=datetime.datetime(FUTURE_YEAR, 6, 2, 17, 0, tzinfo=PORTO_NOVO),
    )
    calendar = parse_feed(client.get("/events/calendar.ics"))
    component = events_by_uid(calendar)[uid(seminar)]
    assert component["DTSTART"].params["TZID"] == "Africa/Porto-Novo"
    assert component["DTSTART"].to_ical() == f"{FUTURE_YEAR}0602T090000".encode()
    assert component.start.astimezone(UTC) == datetime.datetime(FUTURE_YEAR, 6, 2, 8, 0, tzinfo=UTC)
    timezone = next(tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == "Africa/Porto-Novo")
    assert b"TZOFFSETTO:+0100" in timezone.to_ical()


def test_uids_are_stable_and_sequence_rises_when_the_date_place_title_or_status_changes(client, db):
    event = EventFactory(title="Atelier")

    def component():
        return events_by_uid(parse_feed(client.get("/events/calendar.ics")))[uid(event)]

    first = component()
    assert int(first["SEQUENCE"]) == 0

    event.description = "Ordre du jour précisé."
    event.save()
    assert int(component()["SEQUENCE"]) == 0  # not a change a calendar needs to show again

    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    moved = component()
    assert int(moved["SEQUENCE"]) == 1
    assert str(moved["UID"]) == str(first["UID"]) == f"event-{event.pk}@rvase"

    event.place = "Hôtel de ville"
    event.save(update_fields=["place"])
    assert int(component()["SEQUENCE"]) == 2

    event.status = Event.Status.CANCELLED
    event.save()
    cancelled = component()
    assert int(cancelled["SEQUENCE"]) == 3
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_reloading_the_2023_data_does_not_raise_the_sequence(rvase_2023):
    call_command("load_rvase_2023", verbosity=0)
    assert set(Event.objects.values_list("sequence", flat=True)) == {0}


def test_members_only_events_are_only_in_the_personal_feed(
    client, members_only_event, member_person, public_event_ahead
):
    hue = Member.objects.get(slug="hue")
    theme = Theme.objects.first()
    members_only_event.themes.add(theme)
    for url in [
        "/events/calendar.ics",
        f"/events/themes/{theme.slug}/calendar.ics",
        "/events/members/hue/calendar.ics",
    ]:
        assert uid(members_only_event) not in events_by_uid(parse_feed(client.get(url))), url
    personal = events_by_uid(parse_feed(client.get(personal_feed_url(member_person.user))))
    assert uid(members_only_event) in personal
    assert str(personal[uid(members_only_event)]["CLASS"]) == "PRIVATE"
    assert uid(public_event_ahead) in personal
    assert hue == members_only_event.host_member


def test_a_personal_feed_of_someone_outside_the_members_holds_only_public_events(
    client, members_only_event, public_event_ahead
):
    outsider = UserFactory()
    personal = events_by_uid(parse_feed(client.get(personal_feed_url(outsider))))
    assert uid(members_only_event) not in personal
    assert uid(public_event_ahead) in personal


def test_unpublished_proposals_are_in_no_feed(client, members_only_event, member_person):
    proposal = EventFactory(title="Proposition", publication=Event.Publication.PROPOSED)
    for url in [*all_feed_urls(), personal_feed_url(member_person.user)]:
        assert uid(proposal) not in events_by_uid(parse_feed(client.get(url))), url


def test_theme_and_member_feeds_hold_their_own_events(client, rvase_2023):
    sanitation = Theme.objects.get(slug="assainissement")
    theme_events = events_by_uid(parse_feed(client.get("/events/themes/assainissement/calendar.ics")))
    assert set(theme_events) == {
        uid(event) for event in Event.objects.filter(themes=sanitation, starts_at__isnull=False, date_precision="day")
    }
    # "Conférence thématique GBV (mai 2023)": known to the month only, so in no calendar (README, "Dates carry
    # their precision"); the theme has no event known to the day.
    assert uid(Event.objects.get(slug="conference-gbv-2023")) not in theme_events
    assert client.get("/events/conference-gbv-2023/event.ics").status_code == 404

    phnom_penh = events_by_uid(parse_feed(client.get("/events/members/phnom-penh/calendar.ics")))
    assert uid(Event.objects.get(slug="reunion-annuelle-2023")) in phnom_penh
    assert uid(Event.objects.get(slug="congres-aimf-2023")) not in phnom_penh

    # Hué hosts nothing in 2023 but its mayor spoke at the annual meeting.
    hue = events_by_uid(parse_feed(client.get("/events/members/hue/calendar.ics")))
    assert uid(Event.objects.get(slug="reunion-annuelle-2023")) in hue


def test_a_speaking_member_gets_the_event_in_its_feed(client, db):
    speaker = NamedPersonFactory()
    session = SessionFactory()
    session.speaker_links.create(person=speaker)
    feed = events_by_uid(parse_feed(client.get(f"/events/members/{speaker.member.slug}/calendar.ics")))
    assert set(feed) == {uid(session.event)}


def test_unknown_theme_or_member_feed_is_a_404(client, db):
    assert client.get("/events/themes/nope/calendar.ics").status_code == 404
    assert client.get("/events/members/nope/calendar.ics").status_code == 404


def test_a_revoked_or_replaced_token_is_a_404(client, member_person):
    url = personal_feed_url(member_person.user)
    assert client.get(url).status_code == 200

    client.force_login(member_person.user)
    client.post("/events/calendar/address/")  # replace
    assert client.get(url).status_code == 404
    new_url = f"/events/calendar/{CalendarFeedToken.objects.get(user=member_person.user).token}.ics"
    assert new_url != url
    assert client.get(new_url).status_code == 200

    client.post("/events/calendar/address/revoke/")
    assert client.get(new_url).status_code == 404
    assert not CalendarFeedToken.objects.filter(user=member_person.user).exists()
    assert client.get("/events/calendar/not-a-token.ics").status_code == 404


def test_a_token_of_a_disabled_account_is_a_404(client, member_person):
    url = personal_feed_url(member_person.user)
    member_person.user.is_active = False
    member_person.user.save()
    assert client.get(url).status_code == 404


def test_the_feed_is_cached_and_an_event_change_invalidates_it(client, db, django_assert_num_queries):
    event = EventFactory(title="Atelier avant")
    client.get("/events/calendar.ics")
    with django_assert_num_queries(0):
        cached = client.get("/events/calendar.ics")
    assert b"Atelier avant" in cached.content

    event.title = "Atelier après"
    event.save()
    fresh = client.get("/events/calendar.ics")
    assert b"Atelier apr" in fresh.content and b"Atelier avant" not in fresh.content

    EventFactory(title="Nouvel atelier")
    assert b"Nouvel atelier" in client.get("/events/calendar.ics").content


def test_a_theme_change_invalidates_the_theme_feed(client, db):
    theme = Theme.objects.create(slug="tourisme", name="Tourisme durable", kind=Theme.Kind.MAIN)
    event = EventFactory(title="Forum du tourisme")
    url = "/events/themes/tourisme/calendar.ics"
    assert uid(event) not in events_by_uid(parse_feed(client.get(url)))
    event.themes.add(theme)
    assert uid(event) in events_by_uid(parse_feed(client.get(url)))


def test_an_unchanged_feed_answers_304_to_a_conditional_request(client, db):
    EventFactory()
    first = client.get("/events/calendar.ics")
    assert first["ETag"]
    again = client.get("/events/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_the_english_feed_names_the_congress_country_in_english(client, rvase_2023):
    congress = Event.objects.get(slug="congres-aimf-2023")
    english = events_by_uid(parse_feed(client.get("/events/calendar/archive/2023.ics?lang=en")))[uid(congress)]
    assert str(english["LOCATION"]) == "Cotonou, Benin"
    french = events_by_uid(parse_feed(client.get("/events/calendar/archive/2023.ics?lang=fr")))[uid(congress)]
    assert str(french["LOCATION"]) == "Cotonou, Bénin"


def test_one_event_as_a_file(client, rvase_2023):
    calendar = parse_feed(client.get("/events/reunion-annuelle-2023/event.ics"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    (component,) = calendar.walk("VEVENT")
    assert component.start.astimezone(UTC) == datetime.datetime(2023, 5, 18, 1, 0, tzinfo=UTC)
    assert client.get("/events/reunion-annuelle-2024/event.ics").status_code == 404  # no date yet


def test_a_feed_of_2000_events_is_served_from_the_cache(client, db, django_assert_num_queries, capsys):
    tz = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
    # From a hundred days ago: all of them in the public feed's window (the last twelve months and ahead).
    start = datetime.datetime.combine(datetime.date.today() - datetime.timedelta(days=100), datetime.time(9), tz)
    zones = ["Asia/Phnom_Penh", "Asia/Vientiane", "Asia/Ho_Chi_Minh", "Europe/Paris", "Africa/Porto-Novo"]
    Event.objects.bulk_create(
        Event(
            slug=f"evenement-genere-{n}",
            kind=Event.Kind.WORKSHOP,
            title=f"Atelier généré {n}",
            timezone=zones[n % len(zones)],
            starts_at=start + datetime.timedelta(days=n // 3, hours=n % 3),
            ends_at=start + datetime.timedelta(days=n // 3, hours=n % 3 + 2),
            year=(start + datetime.timedelta(days=n // 3)).year,
            all_day=n % 10 == 0,
            status=Event.Status.CANCELLED if n % 50 == 0 else Event.Status.SCHEDULED,
            city="Phnom Penh",
        )
        for n in range(2000)
    )
    began = time.perf_counter()
    cold = client.get("/events/calendar.ics")
    cold_seconds = time.perf_counter() - began
    calendar = parse_feed(cold)
    assert len(calendar.walk("VEVENT")) == 2000
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == set(zones)

    began = time.perf_counter()
    with django_assert_num_queries(0):
        warm = client.get("/events/calendar.ics")
    warm_seconds = time.perf_counter() - began
    assert warm.content == cold.content
    assert warm_seconds < cold_seconds / 5

    changed = Event.objects.get(slug="evenement-genere-7")
    changed.title = "Atelier déplacé"
    changed.save()
    began = time.perf_counter()
    rebuilt = client.get("/events/calendar.ics")
    rebuilt_seconds = time.perf_counter() - began
    component = events_by_uid(parse_feed(rebuilt))[uid(changed)]
    assert str(component["SUMMARY"]) == "Atelier déplacé" and int(component["SEQUENCE"]) == 1
    assert len(rebuilt.content) > len(cold.content) - 100
    # Only the changed event is serialised again; the 1,999 others come from the cache.
    assert rebuilt_seconds < cold_seconds / 2
    with capsys.disabled():
        print(
            f"\n[feed of 2000 events] cold {cold_seconds * 1000:.0f} ms, warm {warm_seconds * 1000:.1f} ms, "
            f"after a change {rebuilt_seconds * 1000:.0f} ms, {len(cold.content) // 1024} KiB"
        )


def test_feeds_have_a_fixed_query_budget(client, rvase_2023, member_person, django_assert_max_num_queries):
    personal = personal_feed_url(member_person.user)
    # Built for the first time: the events, then their calendar entries read from the database and the missing
    # ones written (2 queries, whatever the number of events).
    for url, budget in [
        ("/events/calendar.ics", 1 + 2),
        ("/events/themes/assainissement/calendar.ics", 2 + 2),
        ("/events/members/hue/calendar.ics", 2 + 2),
        (personal, 4 + 2),
    ]:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_a_month_precision_event_is_shown_as_its_month_and_left_out_of_feeds(client, rvase_2023):
    conference = Event.objects.get(slug="conference-gbv-2023")
    assert uid(conference) not in events_by_uid(parse_feed(client.get("/events/calendar.ics")))
    page = client.get("/events/conference-gbv-2023/").content.decode()
    assert "mai 2023" in page and "le jour n'est pas connu" in page
    assert "18 mai" not in page and "13:50" not in page
    assert "/events/conference-gbv-2023/event.ics" not in page
    listing = client.get("/events/?year=2023").content.decode()
    assert "Conférence thématique sur la gestion des boues de vidange (GBV)" in listing
