"""The calendar feeds in the feed's language (issue 21): `?lang=en`, and a personal feed in its owner's language."""

import pytest

from actionplan.models import Theme
from events.models import CalendarFeedToken
from tests.events.conftest import parse_feed
from tests.factories import EventFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

FRENCH = "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est"
ENGLISH = "2023 Annual meeting of the South-East Asian Cities Network"


def summaries(response) -> dict[str, str]:
    """The SUMMARY of each event by its URL's slug, and its DESCRIPTION, as a calendar reads them."""
    return {
        str(event["URL"]).rstrip("/").rsplit("/", 1)[-1]: (str(event["SUMMARY"]), str(event["DESCRIPTION"]))
        for event in parse_feed(response).walk("VEVENT")
    }


# The 2023 events are past the public feed's twelve months (issue 18): they are in the 2023 archive feed.
ARCHIVE_2023 = "/events/calendar/archive/2023.ics"


def test_the_public_feed_in_english_with_lang_en(client, rvase_2023):
    french = summaries(client.get(ARCHIVE_2023))
    english = summaries(client.get(ARCHIVE_2023, {"lang": "en"}))
    assert french["reunion-annuelle-2023"][0] == FRENCH
    assert english["reunion-annuelle-2023"][0] == ENGLISH
    assert english["reunion-annuelle-2023"][1].startswith("2023 Annual meeting of the South-East Asian Cities Network")
    assert english["congres-aimf-2023"][0] == "World congress of the AIMF"
    # A language the site does not have is the reader's.
    assert summaries(client.get(ARCHIVE_2023, {"lang": "xx"}))["reunion-annuelle-2023"][0] == FRENCH


def test_a_theme_feed_follows_lang_too(client, rvase_2023):
    event = EventFactory(
        slug="atelier-assainissement", title_fr="Atelier assainissement", title_en="Sanitation workshop"
    )
    event.themes.add(Theme.objects.get(slug="assainissement"))
    feed = summaries(client.get("/events/themes/assainissement/calendar.ics", {"lang": "en"}))
    assert feed["atelier-assainissement"][0] == "Sanitation workshop"


@pytest.mark.parametrize(("language", "expected"), [("en", "Sanitation workshop"), ("fr", "Atelier assainissement")])
def test_a_personal_feed_is_in_its_owners_language(client, rvase_2023, language, expected):
    EventFactory(slug="atelier-assainissement", title_fr="Atelier assainissement", title_en="Sanitation workshop")
    user = UserFactory(preferred_language=language)
    PersonFactory(user=user)
    token = CalendarFeedToken.objects.create(user=user)
    # A calendar application sends no cookie of the site: the owner's language decides.
    assert summaries(client.get(f"/events/calendar/{token.token}.ics"))["atelier-assainissement"][0] == expected
