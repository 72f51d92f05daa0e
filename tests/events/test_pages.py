"""/events/ with its filters, an event's page (programme, times, speakers, documents) and the subscription page."""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actionplan.models import Theme
from documents.models import Document
from events.models import Event
from members.models import Member
from tests.events.conftest import PHNOM_PENH
from tests.factories import FUTURE_YEAR, DocumentFactory, EventFactory, NamedPersonFactory, SessionFactory
from tests.utils import page_text, warm_up

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def visitor() -> Client:
    """A client of its own: `client` and `member_client` are one client, logged in once the latter is used."""
    return Client()


def count_queries(client, url: str) -> int:
    warm_up(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def section(text: str, start: str, end: str | None = None) -> str:
    after = text.split(start, 1)[1]
    return after.split(end, 1)[0] if end else after


# ---- /events/ ----------------------------------------------------------------------------------------------------


def test_upcoming_and_past_events_are_apart(english, rvase_2023, open_event):
    text = page_text(english.get("/events/"))
    upcoming = section(text, "Upcoming", "Past")
    past = section(text, "Past")
    assert "Atelier Smart Cities" in upcoming
    assert "World congress of the AIMF" in past
    assert "World congress of the AIMF" not in upcoming


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        # Read in English: the record's titles in their English translation (issue 21).
        (f"year={FUTURE_YEAR}", ["Atelier Smart Cities"], ["World congress of the AIMF"]),
        ("kind=congress", ["World congress of the AIMF"], ["Atelier Smart Cities", "2023 Annual meeting"]),
        ("country=other", ["World congress of the AIMF"], ["2023 Annual meeting", "ASEAN Summit"]),
        ("country=LA", ["ASEAN Summit"], ["World congress of the AIMF", "2023 Annual meeting"]),
        ("theme=assainissement", ["Thematic conference on faecal sludge"], ["World congress of the AIMF"]),
        ("year=2023&kind=annual_meeting", ["2023 Annual meeting"], ["2024 Annual meeting", "World congress"]),
    ],
)
def test_filters(english, rvase_2023, open_event, query, shown, hidden):
    response = english.get(f"/events/?{query}")
    assert response.status_code == 200
    text = section(page_text(response), "Upcoming")  # after the form, whose choices name every kind
    for title in shown:
        assert title in text, (query, title)
    for title in hidden:
        assert title not in text, (query, title)


def test_the_congress_outside_the_network_is_in_benin_in_english_and_in_bénin_in_french(english, rvase_2023):
    congress = "/events/congres-aimf-2023/"
    assert "Where Cotonou, Benin" in page_text(english.get(congress))
    assert "World congress of the AIMF AIMF world congress · Cotonou, Benin" in page_text(
        english.get("/events/?country=other")
    )
    assert "Bénin" not in page_text(english.get("/events/?year=2023"))
    english.cookies["django_language"] = "fr"
    assert "Où Cotonou, Bénin" in page_text(english.get(congress))


def test_a_country_outside_the_network_nobody_translated_shows_in_french_marked_as_french(english, rvase_2023):
    Event.objects.filter(slug="congres-aimf-2023").update(country_name_en=None)
    body = english.get("/events/congres-aimf-2023/").content.decode()
    assert 'Cotonou, <span lang="fr">Bénin <small class="other-language">(en français)</small></span>' in body
    # Still outside the network for the filter, whichever language it is named in.
    assert "World congress of the AIMF" in section(page_text(english.get("/events/?country=other")), "Upcoming")
    Event.objects.filter(slug="congres-aimf-2023").update(country_name_fr="", country_name_en="Benin")
    assert "World congress of the AIMF" in section(page_text(english.get("/events/?country=other")), "Upcoming")


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "kind=party",
        "country=ZZ",
        "theme=nope",
        "theme=",
        "page=-3",
        "page=abc",
        "page=99999999999999",
        "year[]=1&kind=%00",
        "country=%F0%9F%92%A5",
    ],
)
def test_junk_filter_values_are_ignored_with_a_message(english, rvase_2023, query):
    response = english.get(f"/events/?{query}")
    assert response.status_code == 200
    text = page_text(response)
    assert "2023 Annual meeting" in text or "No past event" in text
    if query.split("=")[0] in ("year", "kind", "country") and query.split("=")[1] not in ("",):
        assert "”: ignored." in text


def test_members_only_events_are_listed_for_members_only(member_client, rvase_2023):
    EventFactory(title="Réunion interne réservée", visibility=Event.Visibility.MEMBERS)
    assert "Réunion interne réservée" not in page_text(visitor().get("/events/"))
    assert "Réunion interne réservée" in page_text(member_client.get("/events/"))


def test_proposals_are_not_listed(coordinator_client, db):
    EventFactory(title="Proposition en attente", publication=Event.Publication.PROPOSED)
    assert "Proposition en attente" not in page_text(visitor().get("/events/"))
    assert "Proposition en attente" not in page_text(coordinator_client.get("/events/"))


def test_past_events_are_paged(english, db):
    start = datetime.datetime(2020, 1, 1, 9, tzinfo=PHNOM_PENH)
    for n in range(25):
        EventFactory(title=f"Atelier passé {n:02d}", starts_at=start + datetime.timedelta(days=n))
    first = page_text(english.get("/events/"))
    assert "Atelier passé 24" in first and "Atelier passé 04" not in first and "Older" in first
    second = page_text(english.get("/events/?page=2"))
    assert "Atelier passé 04" in second and "Atelier passé 24" not in second and "More recent" in second


def test_list_query_count_does_not_grow_with_events(member_client, rvase_2023, django_assert_max_num_queries):
    anonymous = visitor()
    filtered = "/events/?year=2023&kind=annual_meeting&country=KH&theme=assainissement&page=2"
    before = {
        "visitor": count_queries(anonymous, "/events/"),
        "filtered": count_queries(anonymous, filtered),
        "member": count_queries(member_client, "/events/"),
    }
    theme = Theme.objects.first()
    start = datetime.datetime(FUTURE_YEAR + 1, 1, 1, 9, tzinfo=PHNOM_PENH)
    for n in range(200):
        event = EventFactory(
            starts_at=start + datetime.timedelta(days=n - 100),
            country=Member.objects.first().country,
            host_member=Member.objects.first(),
            visibility=Event.Visibility.MEMBERS if n % 4 == 0 else Event.Visibility.PUBLIC,
        )
        event.themes.add(theme)
    after = {
        "visitor": count_queries(anonymous, "/events/"),
        "filtered": count_queries(anonymous, filtered),
        "member": count_queries(member_client, "/events/"),
    }
    assert after == before
    assert before["visitor"] <= 5 and before["filtered"] <= 6 and before["member"] <= 11, before


# ---- an event's page ---------------------------------------------------------------------------------------------


def test_the_annual_meeting_page(english, rvase_2023):
    document = DocumentFactory(
        title="Présentation du Plan d'Action 2023",
        event=Event.objects.get(slug="reunion-annuelle-2023"),
        visibility=Document.Visibility.PUBLIC,
    )
    text = page_text(english.get("/events/reunion-annuelle-2023/"))
    assert "Thursday 18 May 2023, 08:00–12:00" in text
    assert "Asia/Phnom_Penh, UTC+7" in text
    assert "Fairfield Hotel, Phnom Penh, Cambodia" in text
    assert "Host Phnom Penh" in text
    programme = section(text, "Programme", "The programme gives the order of its items, not their times.")
    # The deck's order, the break's 15 minutes, and no time the deck does not give.
    assert (
        programme.index("Introduction")
        < programme.index("Words of welcome")
        < programme.index("Session 1")
        < programme.index("Break")
        < programme.index("Session 2")
        < programme.index("Conclusions")
    )
    assert "15 minutes" in programme
    assert not re.search(r"\d\d:\d\d", programme)
    # Speakers with their titles and members.
    assert "Arianna Ardesi" in programme
    assert "Nuon Pharat" in programme
    assert "Trần Song" in programme
    assert "Hué" in programme and "Words of welcome" in programme
    # Their functions in the reader's language (issue 21): a translation of the deck's French.
    assert "Ms Emilie Traub , Network coordinator — AIMF" in programme
    assert "Coordinatrice du réseau" not in programme
    assert document.title in text
    # Phnom Penh readers see one time only.
    assert "The second time" not in text


def test_the_meetings_time_is_also_shown_in_the_readers_time_when_it_differs(english, rvase_2023):
    english.post("/events/timezone/", {"tz": "Europe/Paris", "next": "/events/reunion-annuelle-2023/"})
    text = page_text(english.get("/events/reunion-annuelle-2023/"))
    # 08:00 in Phnom Penh (UTC+7) is 03:00 in Paris in May (UTC+2); the event's own time comes first.
    assert text.index("08:00–12:00") < text.index("03:00–07:00 (Paris, Brussels, UTC+2)")


def test_a_reader_in_vientiane_sees_one_time_as_the_clocks_agree(english, rvase_2023):
    english.cookies["rvase_tz"] = "Asia/Vientiane"
    text = page_text(english.get("/events/reunion-annuelle-2023/"))
    assert "The second time" not in text


def test_a_cotonou_event_shows_cotonou_time_then_phnom_penh_time(english, db):
    cotonou = zoneinfo.ZoneInfo("Africa/Porto-Novo")
    event = EventFactory(
        slug="seminaire-cotonou",
        timezone="Africa/Porto-Novo",
        starts_at=datetime.datetime(FUTURE_YEAR, 6, 2, 9, 0, tzinfo=cotonou),
        ends_at=datetime.datetime(FUTURE_YEAR, 6, 2, 17, 0, tzinfo=cotonou),
    )
    SessionFactory(
        event=event,
        order=1,
        title="Ouverture",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
    )
    text = page_text(english.get(event.get_absolute_url()))
    assert "09:00–17:00 (Africa/Porto-Novo, UTC+1)" in text
    assert "15:00–23:00 (Phnom Penh, UTC+7)" in text
    programme = section(text, "Programme", "Times are local")
    assert programme.index("09:00–10:00") < programme.index("15:00–16:00")


def test_a_junk_reader_time_zone_is_refused(english, rvase_2023):
    response = english.post("/events/timezone/", {"tz": "Mars/Base", "next": "/events/reunion-annuelle-2023/"})
    assert response.status_code == 302
    assert "rvase_tz" not in response.cookies
    english.cookies["rvase_tz"] = "Mars/Base"
    assert english.get("/events/reunion-annuelle-2023/").status_code == 200


def test_the_time_zone_switch_does_not_redirect_off_site(client, db):
    response = client.post("/events/timezone/", {"tz": "UTC", "next": "https://evil.example/"})
    assert response["Location"] == "/events/"


def test_a_members_only_event_is_a_404_for_visitors(member_client, db):
    event = EventFactory(visibility=Event.Visibility.MEMBERS)
    assert visitor().get(event.get_absolute_url()).status_code == 404
    assert visitor().get(f"{event.get_absolute_url()}event.ics").status_code == 404
    assert member_client.get(event.get_absolute_url()).status_code == 200


def test_documents_of_the_event_follow_their_visibility(member_client, open_event):
    DocumentFactory(title="Programme public", event=open_event, visibility=Document.Visibility.PUBLIC)
    DocumentFactory(title="Liste des participants", event=open_event, visibility=Document.Visibility.MEMBERS)
    text = page_text(visitor().get(open_event.get_absolute_url()))
    assert "Programme public" in text and "Liste des participants" not in text
    assert "Liste des participants" in page_text(member_client.get(open_event.get_absolute_url()))


def test_event_page_query_count_does_not_grow(member_client, rvase_2023):
    anonymous = visitor()
    url = "/events/reunion-annuelle-2023/"
    before = {"visitor": count_queries(anonymous, url), "member": count_queries(member_client, url)}
    meeting = Event.objects.get(slug="reunion-annuelle-2023")
    speakers = [NamedPersonFactory() for _ in range(20)]
    for n in range(200):
        session = SessionFactory(event=meeting, order=100 + n, starts_at=meeting.starts_at, ends_at=meeting.ends_at)
        session.speaker_links.create(person=speakers[n % 20])
        EventFactory(parent=meeting)
        DocumentFactory(event=meeting, visibility=Document.Visibility.PUBLIC)
        meeting.themes.add(Theme.objects.order_by("?").first())
    after = {"visitor": count_queries(anonymous, url), "member": count_queries(member_client, url)}
    assert after == before
    assert before["visitor"] <= 8 and before["member"] <= 14, before


# ---- subscription page -------------------------------------------------------------------------------------------


def test_the_subscription_page_explains_google_outlook_and_thunderbird(english, rvase_2023):
    text = page_text(english.get("/events/calendar/"))
    for words in ["Google Calendar", "From URL", "Outlook", "Subscribe from web", "Thunderbird", "On the network"]:
        assert words in text
    html = english.get("/events/calendar/").content.decode()
    assert "/events/calendar.ics" in html
    assert "webcal://" in html
    assert "/events/themes/assainissement/calendar.ics" in html
    assert "/events/members/hue/calendar.ics" in html
    assert "Log in to get it" in text


def test_a_member_creates_replaces_and_revokes_their_private_address(english, member_person):
    english.force_login(member_person.user)
    assert "Create my private address" in page_text(english.get("/events/calendar/"))
    english.post("/events/calendar/address/")
    token = member_person.user.calendar_feed_token.token
    page = english.get("/events/calendar/").content.decode()
    assert f"/events/calendar/{token}.ics" in page
    assert "Includes the members-only events" in page_text(english.get("/events/calendar/"))
    text = page_text(english.post("/events/calendar/address/", follow=True))
    assert "the old one no longer works" in text
    text = page_text(english.post("/events/calendar/address/revoke/", follow=True))
    assert "revoked" in text
    assert "Create my private address" in text


def test_token_changes_need_a_post_and_a_login(member_client):
    assert visitor().post("/events/calendar/address/").status_code == 302
    assert member_client.get("/events/calendar/address/").status_code == 405
    assert member_client.get("/events/calendar/address/revoke/").status_code == 405
