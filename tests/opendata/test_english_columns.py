"""Open data with both languages (issue 21): the French (the record) under each text's column, its English in
`<column>_en` beside it, whatever language the export is asked in."""

import pytest

from tests.opendata.test_exports import read_csv, read_json

pytestmark = pytest.mark.django_db


def english_reader(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_plan_exports_the_french_and_the_english(client, english, rvase_2023):
    for reader in (client, english):
        first = next(row for row in read_csv(reader, "actions") if row["plan_year"] == "2023" and row["number"] == "1")
        assert (
            first["activities"]
            == "Prise de contact les villes membres et leurs points focaux ; confirmation des besoins."
        )
        assert first["activities_en"] == "Contacting the member cities and their focal points; confirming needs."
        assert (
            first["axis_title_en"] == "Leading the regional dialogue between local authorities and local stakeholders"
        )


def test_members_events_and_the_roadmap_have_both_columns(client, rvase_2023):
    kampot = next(row for row in read_csv(client, "members") if row["slug"] == "kampot")
    assert (kampot["name"], kampot["name_en"]) == ("Province de Kampot", "Kampot Province")
    meeting = next(row for row in read_csv(client, "events") if row["slug"] == "reunion-annuelle-2023")
    assert meeting["title_en"] == "2023 Annual meeting of the South-East Asian Cities Network"
    roadmap = read_json(client, "roadmap")
    gbv = next(row for row in roadmap["rows"] if row["slug"] == "gbv-2023-2025")
    assert gbv["title_en"] == "GBV thematic action plan"
    # A milestone's date in words, in both languages, whatever language the export is read in.
    milestone = next(
        row for row in read_csv(english_reader(client), "roadmap-milestones") if row["when"] == "mi-juin 2023"
    )
    assert milestone["when_en"] == "mid-June 2023" and milestone["due_on"] == ""


def test_a_text_with_no_english_exports_an_empty_english_column(client, rvase_2023):
    from actionplan.models import Action

    Action.objects.filter(plan__year=2023, number=10).update(activities_en=None)
    row = next(row for row in read_csv(client, "actions") if row["plan_year"] == "2023" and row["number"] == "10")
    assert row["activities"] == "Réalisation des formations en fonction des besoins identifiés"
    assert row["activities_en"] == ""
