"""The 2023 record in English (issue 21): every text of the deck the portal shows has its translation, written to
the English columns beside the French, which stays the record."""

import pytest
from django.core.exceptions import ValidationError

from actionplan.models import Action, Milestone, Project, Theme
from events.models import Event, Session, SessionSpeaker
from members.models import Country, Member, Person
from record import english, rvase_2023
from record.english import english_translations_apply, read_translations, stale_sources, unknown_keys

# Per section of the French file: its natural key and the texts a reader sees.
TRANSLATED = {
    "countries": ("code", ["name"]),
    "members": ("slug", ["name", "description"]),
    "people": ("key", ["honorific", "title"]),
    "themes": ("slug", ["name", "description"]),
    "working_modalities": ("name", ["name"]),
    "axes": ("number", ["title", "objective"]),
    "actions": ("number", ["activities", "current_state", "planned_activities", "proposals"]),
    "partners": ("name", ["name", "next_step"]),
    "roadmaps": ("slug", ["title", "description"]),
    "projects": ("slug", ["title", "description", "funding"]),
    "events": ("slug", ["title", "description"]),
    "sessions": ("order", ["title", "description"]),
}


def test_every_text_of_the_deck_has_its_english():
    translations = read_translations()
    missing = []
    for section, (key, fields) in TRANSLATED.items():
        for row in getattr(rvase_2023, section.upper()):
            english_row = translations[section].get(row[key], {})
            missing += [
                f"{section} {row[key]} {field}"
                for field in fields
                if row[field] and not english_row.get(field, {}).get("en")
            ]
        if section == "roadmaps":
            for row in rvase_2023.ROADMAPS:
                titles = translations["roadmaps"][row["slug"]].get("milestones", {})
                missing += [
                    f"milestone {m['title']} {field}"
                    for m in row["milestones"]
                    for field in ("title", "when")
                    if m[field] and not titles.get(m["title"], {}).get(field, {}).get("en")
                ]
        if section == "sessions":
            for row in rvase_2023.SESSIONS:
                speakers = translations["sessions"].get(row["order"], {}).get("speakers", {})
                missing += [
                    f"session {row['order']} speaker {speaker['person']} role"
                    for speaker in row["speakers"]
                    if speaker["role"] and not speakers.get(speaker["person"], {}).get("role", {}).get("en")
                ]
    missing += [f"plan {field}" for field in ("title", "summary") if not translations["plan"].get(field, {}).get("en")]
    assert missing == []
    assert unknown_keys(translations) == []


def test_every_english_text_was_translated_from_the_french_the_record_has_now():
    """Drift: a French text changed since its translation is listed, with the French it was translated from."""
    assert stale_sources(read_translations()) == []


def test_a_changed_french_text_is_listed_and_its_old_english_not_written(db, monkeypatch):
    events = [dict(row) for row in rvase_2023.EVENTS]
    gbv = next(row for row in events if row["slug"] == "conference-gbv-2023")
    gbv["title"] = "Conférence thématique GBV"
    monkeypatch.setattr(rvase_2023, "EVENTS", events)
    translations = read_translations()
    assert stale_sources(translations) == [
        "events conference-gbv-2023 title: translated from 'Conférence thématique sur la gestion des boues de vidange"
        " (GBV)', the French is now 'Conférence thématique GBV'"
    ]
    from record.loader import load_rvase_2023

    load_rvase_2023()
    event = Event.objects.get(slug="conference-gbv-2023")
    assert (event.title_fr, event.title_en) == ("Conférence thématique GBV", None)
    # The description's French did not change: its English is written.
    assert event.description_en.startswith("Organisation of the thematic conference on faecal sludge management (GBV)")


def test_the_loader_writes_the_english_beside_the_french(rvase_2023):
    action = Action.objects.get(plan__year=2023, number=1)
    assert (
        action.activities_fr == "Prise de contact les villes membres et leurs points focaux ; confirmation des besoins."
    )
    assert action.activities_en == "Contacting the member cities and their focal points; confirming needs."
    kh = Country.objects.get(code="KH")
    assert (kh.name_fr, kh.name_en) == ("Cambodge", "Cambodia")
    assert Member.objects.get(slug="kampot").name_en == "Kampot Province"
    assert Session.objects.get(event__slug="reunion-annuelle-2023", order=2).title_en == "Words of welcome"
    milestone = Milestone.objects.get(title_fr="D'ici à mi-juin chaque ville et province confirme son point focal")
    assert milestone.title_en == "By mid-June each city and province confirms its focal point"
    # The deck's date in words stays words, in English too: never a day it does not give.
    assert (milestone.when_fr, milestone.when_en, milestone.due_on) == ("mi-juin 2023", "mid-June 2023", None)
    # The functions of the meeting's people and the speakers' roles.
    yen_bai = Person.objects.get(full_name="Nguyễn Thế Phước")
    assert (yen_bai.honorific_en, yen_bai.title_en) == (
        "Mr",
        "Vice-Chairman of the People's Committee of Yen Bai Province",
    )
    assert yen_bai.title_fr == "Vice Président du Comité Populaire de la Province de Yen Bai"
    speaker = SessionSpeaker.objects.get(session__order=3, person__full_name="Emilie Traub")
    assert (speaker.role_fr, speaker.role_en) == ("Coordinatrice du réseau", "Network coordinator")
    # Minutes keep the language they were approved in: no English is made up for them.
    assert (
        not Event.objects.get(slug="reunion-annuelle-2023")
        .minutes.decisions.exclude(text="")
        .filter(text__icontains="the network")
    )


def test_a_rerun_keeps_the_english_the_coordinator_wrote(rvase_2023):
    Theme.objects.filter(slug="assainissement").update(name_en="Better sanitation in cities")
    from django.core.management import call_command

    call_command("load_rvase_2023", verbosity=0)
    theme = Theme.objects.get(slug="assainissement")
    assert theme.name_en == "Better sanitation in cities"
    assert theme.name_fr == "Amélioration de l'assainissement en ville"


def test_a_translation_for_a_deleted_row_brings_nothing_back(rvase_2023):
    project = Project.objects.get(slug="calu")
    project.delete()
    english_translations_apply()
    assert not Project.objects.filter(slug="calu").exists()
    # The translations lived in the row's own columns: none is left anywhere.
    assert not Project.objects.filter(title_en__icontains="CALU").exists()


def test_an_english_text_longer_than_its_field_is_refused_with_a_clear_message(
    rvase_2023, monkeypatch, english_messages
):
    Country.objects.filter(code="LA").update(name_en=None)
    translations = read_translations()
    translations["countries"]["LA"]["name"]["en"] = "L" * 101
    monkeypatch.setattr(english, "read_translations", lambda: translations)
    with pytest.raises(ValidationError) as error:
        english_translations_apply()
    assert "name_en" in error.value.message_dict
    assert error.value.message_dict["name_en"] == [
        "rvase_2023_en.yaml, country “Laos”: Ensure this value has at most 100 characters (it has 101)."
    ]
    assert Country.objects.get(code="LA").name_en is None


def test_an_english_row_the_french_record_does_not_have_is_an_error(db, monkeypatch):
    translations = read_translations()
    translations["actions"][16] = {"activities": {"fr": "Une action", "en": "An action the deck does not have"}}
    translations["sessions"][5]["speakers"] = {"traub": {"role": {"fr": "Oratrice", "en": "Speaker"}}}
    monkeypatch.setattr(english, "read_translations", lambda: translations)
    with pytest.raises(ValueError, match="actions: 16.*speakers: 5, traub"):
        english_translations_apply()
