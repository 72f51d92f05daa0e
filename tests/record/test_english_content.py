"""What an English reader reads of the 2023 record beyond the plan (issue 21): the functions of the meeting's people
and the speakers' roles, the roadmap's dates in words, the About page and the timeline; each a translation of the
French record, said so, and the French shown, marked as French, where nobody wrote the English yet."""

import pytest

from actionplan.models import Milestone
from members.models import Person
from network.models import NetworkText, TimelineEntry
from tests.common.test_pdf import pdf_text
from tests.utils import page_text

pytestmark = [pytest.mark.django_db]

NOTICE = "Translated from the French original."
MEETING = "/events/reunion-annuelle-2023/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def english_text(client, url: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return page_text(response)


def test_the_speakers_and_participants_functions_are_in_english(rvase_2023, member_client):
    meeting = english_text(member_client, MEETING)
    assert "H.E. CHHAY Matinal , Vice-Governor of Battambang Province — Battambang Province" in meeting
    assert "Ms Emilie Traub , Network coordinator — AIMF" in meeting
    assert (
        "Ms Nguyễn Thị Thanh Mỹ , Deputy Director of the Department of Natural Resources and Environment of "
        "Ho Chi Minh City" in meeting
    )
    for french in ("Son Excellence", "Vice-Gouverneur", "Coordinatrice du réseau", "Madame", "Monsieur"):
        assert french not in meeting, french

    minutes = english_text(member_client, f"{MEETING}minutes/")
    # The programme and the attendees (11 present): the two AIMF speakers and the nine member officials.
    assert "H.E. Nuon Pharat, Vice-Governor of Phnom Penh" in minutes
    assert "Mr Trần Song , Vice-Chairman of the People's Committee of the city of Hué — Hué" in minutes
    assert "Ms Arianna Ardesi , Adviser, Deputy to the Permanent Secretary for cooperation programmes — AIMF" in minutes
    assert "Vice-Gouverneur" not in minutes and "Son Excellence" not in minutes

    # French stays the record: the French reader reads the deck's words.
    member_client.cookies["django_language"] = "fr"
    french = page_text(member_client.get(MEETING))
    assert "Son Excellence CHHAY Matinal , Vice-Gouverneur de la Province de Battambang" in french


def test_a_function_nobody_translated_shows_in_french_marked_as_french(rvase_2023, member_client):
    Person.objects.filter(full_name="SAEM Nhav").update(title_en=None)
    member_client.cookies["django_language"] = "en"
    body = member_client.get(MEETING).content.decode()
    assert (
        '<span lang="fr">Président du Conseil Provincial de la Province de Kampot '
        '<small class="other-language">(en français)</small></span>' in body
    )


def test_the_summary_pdf_in_english_gives_the_functions_and_the_milestones_date_in_english(
    rvase_2023, member_client, media
):
    member_client.cookies["django_language"] = "en"
    response = member_client.get(f"{MEETING}summary.pdf")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    flat = " ".join(pdf_text(pdf).split())
    assert NOTICE in flat
    assert "Vice-Governor of Battambang Province" in flat
    assert "Network coordinator" in flat or "Adviser, Deputy to the Permanent Secretary" in flat
    assert "mid-June 2023 — By mid-June each city and province confirms its focal point" in flat
    for french in ("Vice-Gouverneur", "mi-juin 2023", "Son Excellence"):
        assert french not in flat, french


def test_the_roadmap_says_mid_june_in_english_never_a_day(rvase_2023, client):
    text = english_text(client, "/plan/roadmap/")
    assert NOTICE in text
    assert "By mid-June each city and province confirms its focal point (mid-June 2023)" in text
    assert "GBV thematic conference (May 2023)" in text
    assert "mi-juin" not in text and "15 June" not in text and "June 15" not in text
    milestone = Milestone.objects.get(when_fr="mi-juin 2023")
    assert milestone.due_on is None

    # Without its English, the deck's words, marked as French.
    milestone.when_en = None
    milestone.save()
    body = client.get("/plan/roadmap/").content.decode()
    assert '(<span lang="fr">mi-juin 2023 <small class="other-language">(en français)</small></span>)' in body


def test_the_about_page_and_the_timeline_in_english(rvase_2023, client):
    about = english_text(client, "/about/")
    assert NOTICE in about
    assert "AIMF – European Union strategic partnership" in about
    assert "65% of the 169 targets of the 17 Sustainable Development Goals" in about
    assert "Maghreb West Africa Great Lakes Africa Indian Ocean South-East Asia" in about
    assert "The Network works informally, without a presidency or particular roles." in about
    assert "Ms Emilie Traub, network coordinator" in about
    assert "Hué's bid to host the General Assembly of the AIMF" in about
    assert "Depuis 2015" not in about and "Fonctionnement du réseau" not in about

    timeline = english_text(client, "/about/timeline/")
    assert NOTICE in timeline
    assert "Two concrete projects validated at the bureau of April 2022" in timeline
    assert (
        "May 31, 2023 Suggestions and recommendations adopted, sent for validation Sent for validation in the annex "
        "to the letter of the Permanent Secretary of the AIMF to all members on 31 May 2023" in timeline
    )
    assert "Venue: Cotonou, Benin" in timeline
    assert "Transmises pour validation" not in timeline

    # A passage the coordination wrote in French only is shown in French, marked as French.
    NetworkText.objects.filter(key="ambition").update(text_en=None)
    body = client.get("/about/").content.decode()
    assert '<div lang="fr"><p>Donner aux villes les moyens de jouer pleinement leur rôle' in body
    TimelineEntry.objects.filter(key="cwis-phnom-penh").update(title_en=None)
    body = client.get("/about/timeline/").content.decode()
    assert '<span lang="fr">Présentation du CWIS de Phnom Penh <small class="other-language">' in body


def test_a_rerun_gives_the_english_to_passages_loaded_before_it_existed_and_keeps_the_coordinations(rvase_2023):
    from django.core.management import call_command

    NetworkText.objects.filter(key="reseaux").update(title_en=None, text_en=None)
    TimelineEntry.objects.filter(key="voyage-etude-cambodge").update(title_en="Study visit, Cambodia")
    # A French the coordination changed gets no English from the record: it would say something else.
    TimelineEntry.objects.filter(key="cwis-phnom-penh").update(text_fr="Texte revu.", text_en=None)
    call_command("load_rvase_2023", verbosity=0)
    reseaux = NetworkText.objects.get(key="reseaux")
    assert reseaux.title_en == "Five networks to be as close as possible to the members"
    assert reseaux.text_en.startswith("- Maghreb\n- West Africa")
    assert TimelineEntry.objects.get(key="voyage-etude-cambodge").title_en == "Study visit, Cambodia"
    assert TimelineEntry.objects.get(key="cwis-phnom-penh").text_en is None


def test_the_minutes_text_compared_and_frozen_is_the_same_whatever_the_readers_language(rvase_2023):
    """The functions are translated now: the working text read in English gives them in English, but what tells
    a new text from an approved version (and what an approval freezes) stays the record's French, so a coordinator
    reading in English never sees the minutes as changed by the page's language."""
    from django.utils import translation

    from minutes.models import Minutes
    from minutes.selectors import minutes_fingerprint, minutes_record_snapshot, minutes_snapshot

    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    with translation.override("en"):
        english = minutes_fingerprint(minutes=minutes)
        working = minutes_snapshot(minutes=minutes)
        frozen = minutes_record_snapshot(minutes=minutes)
    with translation.override("fr"):
        french = minutes_fingerprint(minutes=minutes)
    assert english == french
    titles = {row["name"]: row["title"] for row in working["attendees"]}
    assert titles["SUI Seret"] == "Vice-Governor of Phnom Penh"
    assert {row["name"]: row["title"] for row in frozen["attendees"]}["SUI Seret"] == "Vice-Gouverneur de Phnom Penh"
