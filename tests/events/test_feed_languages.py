"""The calendar feeds in the feed's language (issue 21): `?lang=en`, and a personal feed in its owner's language."""

import pytest

from events.models import CalendarFeedToken
from tests.events.conftest import parse_feed
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

FRENCH = "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est"
ENGLISH = "2023 Annual meeting of the South-East Asian Cities Network"


def summaries(response) -> dict[str, str]:
    """The SUMMARY of each event by its URL's slug, and its DESCRIPTION, as a calendar reads them."""
    return {
        str(event["URL"]).rstrip("/").rsplit("/", 1)[-1]: (str(event["SUMMARY"]), str(event["DESCRIPTION"]))
        for event in parse_feed(response).walk("VEVENT")
    }


def test_the_public_feed_in_english_with_lang_en(client, rvase_2023):
    french = summaries(client.get("/events/calendar.ics"))
    english = summaries(client.get("/events/calendar.ics", {"lang": "en"}))
    assert french["reunion-annuelle-2023"][0] == FRENCH
    assert english["reunion-annuelle-2023"][0] == ENGLISH
    assert english["reunion-annuelle-2023"][1].startswith("2023 Annual meeting of the South-East Asian Cities Network")
    assert english["congres-aimf-2023"][0] == "World congress of the AIMF"
    # A language the site does not have is the reader's.
    assert summaries(client.get("/events/calendar.ics", {"lang": "xx"}))["reunion-annuelle-2023"][0] == FRENCH


def test_a_theme_feed_follows_lang_too(client, rvase_2023):
    feed = summaries(client.get("/events/themes/assainissement/calendar.ics", {"lang": "en"}))
    assert feed["conference-gbv-2023"][0] == "Thematic conference on faecal sludge management (GBV)"


@pytest.mark.parametrize(("language", "expected"), [("en", ENGLISH), ("fr", FRENCH)])
def test_a_personal_feed_is_in_its_owners_language(client, rvase_2023, language, expected):
    user = UserFactory(preferred_language=language)
    PersonFactory(user=user)
    token = CalendarFeedToken.objects.create(user=user)
    # A calendar application sends no cookie of the site: the owner's language decides.
    assert summaries(client.get(f"/events/calendar/{token.token}.ics"))["reunion-annuelle-2023"][0] == expected
