"""/open-data/: the public record as CSV and JSON, streamed, under a stated licence, with formula cells neutralised."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from actionplan.models import Action, Milestone, ProgressUpdate, ThematicRoadmap
from events.models import Event
from members.models import Member
from opendata.datasets import DATASETS
from opendata.writers import csv_cell
from tests.factories import (
    ActionFactory,
    EventFactory,
    MemberFactory,
    ProgressUpdateFactory,
    ThematicRoadmapFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db

EXPECTED_ROWS = {
    "actions": lambda: Action.objects.count(),
    "action-history": lambda: ProgressUpdate.objects.filter(action__isnull=False).count(),
    "members": lambda: Member.objects.count(),
    "events": lambda: Event.objects.filter(publication="published", visibility="public").count(),
    "roadmap": lambda: ThematicRoadmap.objects.count(),
    "roadmap-milestones": lambda: Milestone.objects.count(),
}


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def read_csv(client, key: str) -> list[dict]:
    response = client.get(f"/open-data/{key}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="rvase-{key}.csv"' in response["Content-Disposition"]
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def read_json(client, key: str) -> dict:
    response = client.get(f"/open-data/{key}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body(response))


@pytest.fixture
def record(rvase_2023):
    """The 2023 record, with a progress note that changed a status and events nobody outside may see."""
    action = Action.objects.get(plan__year=2023, number=2)
    ProgressUpdateFactory(
        action=action,
        text="Atelier tenu à Hué.",
        review="accepted",
        previous_status="in_progress",
        applied_status="done",
    )
    EventFactory(title="Réunion interne", visibility=Event.Visibility.MEMBERS)
    EventFactory(title="Proposition d'atelier", publication=Event.Publication.PROPOSED)
    Member.objects.filter(slug="hue").update(email="secret@hue.example", phone="+84 1234", address="1 rue secrète")


@pytest.mark.parametrize("key", list(EXPECTED_ROWS))
def test_each_csv_reread_has_the_databases_row_count(client, record, key):
    rows = read_csv(client, key)
    assert len(rows) == EXPECTED_ROWS[key]()
    assert len(rows) > 0
    dataset = next(dataset for dataset in DATASETS if dataset.key == key)
    assert list(rows[0]) == dataset.column_names


@pytest.mark.parametrize("key", list(EXPECTED_ROWS))
def test_each_json_has_the_rows_and_states_the_licence(client, record, key):
    data = read_json(client, key)
    assert len(data["rows"]) == EXPECTED_ROWS[key]()
    assert data["licence"]["name"] == "Licence Ouverte / Open Licence 2.0 (Etalab)"
    assert data["licence"]["url"].startswith("https://www.etalab.gouv.fr/")
    assert data["dataset"] == key
    assert set(data["rows"][0]) == set(data["columns"])


def test_the_plan_has_its_four_columns_and_its_status_history(client, record):
    actions = {int(row["number"]): row for row in read_csv(client, "actions") if row["plan_year"] == "2023"}
    assert len(actions) == 15
    first = actions[1]
    assert first["activities"].startswith("Prise de contact les villes membres")
    assert "Nomination officiel d'un point focal" in first["proposals"]
    assert "hue" in first["members"].split(";")
    history = [row for row in read_csv(client, "action-history") if row["action_number"] == "2"]
    assert {"note": "Atelier tenu à Hué.", "status_before": "in_progress", "status_after": "done"}.items() <= (
        history[-1].items()
    )


def test_only_public_fields_and_public_events_are_exported(client, record):
    members = read_csv(client, "members")
    hue = next(row for row in members if row["slug"] == "hue")
    assert "email" not in hue and "phone" not in hue and "address" not in hue
    everything = b"".join(
        body(client.get(f"/open-data/{key}.{ext}")) for key in EXPECTED_ROWS for ext in ("csv", "json")
    )
    for secret in ("secret@hue.example", "+84 1234", "1 rue secrète", "Réunion interne", "Proposition d'atelier"):
        assert secret.encode() not in everything
    assert float(hue["latitude"]) == pytest.approx(16.4637)
    events = {row["slug"] for row in read_csv(client, "events")}
    assert "reunion-annuelle-2023" in events


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Phnom Penh", "Phnom Penh"),
        ("", ""),
        (-5, -5),
        (None, ""),
    ],
)
def test_formula_cells_are_neutralised(value, expected):
    assert csv_cell(value) == expected


def test_a_formula_typed_in_the_plan_reaches_the_csv_as_text_and_the_json_as_typed(client, db):
    ActionFactory(activities='=HYPERLINK("http://evil.example","Cliquez")', proposals="@SUM(1+1)")
    row = read_csv(client, "actions")[0]
    assert row["activities"] == '\'=HYPERLINK("http://evil.example","Cliquez")'
    assert row["proposals"] == "'@SUM(1+1)"
    assert read_json(client, "actions")["rows"][0]["activities"].startswith("=HYPERLINK")


def _grow(times: int):
    for _ in range(times):
        member = MemberFactory()
        action = ActionFactory()
        action.members.add(member)
        ProgressUpdateFactory(action=action)
        EventFactory().themes.add(*action.themes.all())
        roadmap = ThematicRoadmapFactory()
        Milestone.objects.create(roadmap=roadmap, title="Jalon", year=2030)


@pytest.mark.parametrize("key", list(EXPECTED_ROWS))
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_the_query_count_is_flat(client, db, key, extension):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for times in (2, 20):
        _grow(times)
        with CaptureQueriesContext(connection) as captured:
            body(client.get(f"/open-data/{key}.{extension}"))
        counts.append(len(captured))
    assert counts[0] == counts[1] <= 4


def test_the_open_data_page_states_the_licence_and_explains_the_columns(client, db):
    response = client.get("/open-data/")
    page = page_text(response)
    assert "Licence Ouverte / Open Licence 2.0 (Etalab)" in page
    assert 'rel="license"' in response.content.decode()
    for dataset in DATASETS:
        assert f"/open-data/{dataset.key}.csv" in response.content.decode()
        assert f"/open-data/{dataset.key}.json" in response.content.decode()
        for column in dataset.column_names:
            assert column in page
    assert "« État des lieux » : où elle en est." in page


def test_exports_name_the_licence_in_a_header(client, db):
    response = client.get("/open-data/members.csv")
    assert response["Link"] == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/members.xlsx", "/open-data/members.csv.json"])
def test_unknown_datasets_and_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404
