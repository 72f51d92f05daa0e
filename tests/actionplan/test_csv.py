"""The plan as CSV: one format, an exported file re-imports unchanged, a wrong line imports nothing."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan import services
from actionplan.models import Action, ActionPlan
from actionplan.resources import COLUMNS, export_plan_csv
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def plan(rvase_2023):
    return ActionPlan.objects.get(year=2023)


def rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def write(rows_: list[dict], *, bom: bool = True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows_[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows_)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def snapshot(plan) -> list[tuple]:
    """Everything the CSV carries about the plan's actions, as stored."""
    return [
        (
            a.number,
            a.axis.number,
            a.status,
            a.activities,
            a.current_state,
            a.planned_activities,
            a.proposals,
            sorted(a.members.values_list("slug", flat=True)),
            sorted(a.themes.values_list("slug", flat=True)),
            sorted(a.partners.values_list("name", flat=True)),
        )
        for a in Action.objects.filter(plan=plan).select_related("axis").order_by("number")
    ]


def test_export_is_the_plan_in_one_fixed_format(plan):
    content = export_plan_csv(plan=plan)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: spreadsheets read the Khmer, Lao and Vietnamese right
    exported = rows(content)
    assert list(exported[0]) == COLUMNS
    assert [row["number"] for row in exported] == [str(n) for n in range(1, 16)]
    first = exported[0]
    assert first["plan"] == "2023" and first["axis"] == "1" and first["status"] == "not_recorded"
    assert first["members"] == "asac; can-tho; hai-phong; hue; kampot; luang-prabang; phnom-penh; vientiane"
    assert "Cambodge : ASAC, Kampot, Phnom Penh.\nLaos : Luang Prabang, Vientiane." in first["current_state"]
    assert exported[5]["themes"] == "assainissement"
    assert "CGLU-ASPAC" in exported[1]["partners"].split("; ")


def test_an_exported_file_reimports_unchanged_and_exports_to_the_same_bytes(plan, coordinator):
    before = snapshot(plan)
    exported = export_plan_csv(plan=plan)
    check = services.plan_import(plan=plan, content=exported, by=coordinator, dry_run=True)
    assert not check.has_errors and check.unchanged == 15 and check.changes == 0
    report = services.plan_import(plan=plan, content=exported, by=coordinator, dry_run=False)
    assert report.imported and report.unchanged == 15 and report.changes == 0
    assert snapshot(plan) == before
    assert export_plan_csv(plan=plan) == exported
    assert not plan.actions.filter(progress_updates__isnull=False).exists()


def test_a_file_saved_again_by_a_spreadsheet_still_reimports_unchanged(plan, coordinator):
    """No BOM, LF line ends inside cells turned into CRLF, spaces after the separators: same plan."""
    exported = rows(export_plan_csv(plan=plan))
    for row in exported:
        row["current_state"] = row["current_state"].replace("\n", "\r\n")
        row["members"] = row["members"].replace("; ", ";")
    report = services.plan_import(plan=plan, content=write(exported, bom=False), by=coordinator, dry_run=True)
    assert not report.has_errors and report.unchanged == 15


def test_changes_are_checked_by_a_dry_run_then_imported(plan, coordinator):
    exported = rows(export_plan_csv(plan=plan))
    exported[5]["status"] = "continuous"  # action 6
    exported[9]["members"] = "hue; vientiane"  # action 10
    new = dict(exported[14], number="16", status="not_started", activities="Nouvelle action importée", partners="")
    exported.append(new)
    content = write(exported)
    before = snapshot(plan)

    check = services.plan_import(plan=plan, content=content, by=coordinator, dry_run=True)
    assert not check.has_errors
    assert (check.new, check.updated, check.unchanged) == (1, 2, 13)
    assert snapshot(plan) == before  # the dry run wrote nothing

    report = services.plan_import(plan=plan, content=content, by=coordinator, dry_run=False)
    assert report.imported
    assert Action.objects.get(plan=plan, number=6).status == "continuous"
    assert set(Action.objects.get(plan=plan, number=10).members.values_list("slug", flat=True)) == {"hue", "vientiane"}
    created = Action.objects.get(plan=plan, number=16)
    assert created.activities == "Nouvelle action importée" and created.axis.number == 3
    # A status changed by the import is in the action's history, with who imported it.
    note = Action.objects.get(plan=plan, number=6).progress_updates.get()
    assert (note.previous_status, note.applied_status, note.author) == ("not_recorded", "continuous", coordinator)
    # And the file round-trips again.
    assert (
        services.plan_import(plan=plan, content=export_plan_csv(plan=plan), by=coordinator, dry_run=True).changes == 0
    )


def test_unknown_axes_statuses_and_names_import_nothing_and_list_the_lines(plan, coordinator):
    exported = rows(export_plan_csv(plan=plan))
    exported[0]["status"] = "in_progress"  # a valid change on line 2: must not be imported either
    exported[2]["axis"] = "7"  # line 4
    exported[4]["status"] = "terminé"  # line 6
    exported[6]["members"] = "hue; pas-un-membre"  # line 8
    exported[7]["themes"] = "inconnu"  # line 9
    exported[8]["partners"] = "Partenaire fantôme"  # line 10
    exported[9]["number"] = "3"  # line 11: number 3 already on line 4
    exported[10]["activities"] = ""  # line 12
    exported[11]["number"] = "douze"  # line 13
    exported[12]["plan"] = "2024"  # line 14
    before = snapshot(plan)
    for dry_run in (True, False):
        report = services.plan_import(plan=plan, content=write(exported), by=coordinator, dry_run=dry_run)
        assert report.has_errors and not report.imported
        errors = {(line.line, column) for line in report.error_lines for column, _ in line.errors}
        assert errors == {
            (4, "axis"),
            (6, "status"),
            (8, "members"),
            (9, "themes"),
            (10, "partners"),
            (11, "number"),
            (12, "activities"),
            (13, "number"),
            (14, "plan"),
        }
        messages = {(line.line, message) for line in report.error_lines for _, message in line.errors}
        assert (4, "Unknown axis “7”: 2023 Action plan has axes 1, 2, 3.") in messages
        assert (
            6,
            "Unknown status “terminé”: use one of not_started, in_progress, done, continuous, not_recorded.",
        ) in messages
        assert (8, "Unknown member(s): “pas-un-membre” (use the members' slugs).") in messages
        assert (11, "Number 3 is already used on line 4 of the file.") in messages
        assert (14, "This line is for plan “2024”, not 2023.") in messages
        assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"number;axis\n1;1\n", "Missing column(s): "),
        (",".join([*COLUMNS, "extra"]).encode() + b"\n", "Unknown column(s): extra."),
        (",".join(COLUMNS).encode() + b"\n", "The file has no action"),
        ("plan,number\n2023,1\n".encode("utf-16"), "not encoded in UTF-8"),
        (",".join(COLUMNS).encode() + b"\n2023,1,1\n", "Line 2 has 3 cells instead of 11."),
    ],
)
def test_files_that_are_not_the_plans_format_are_refused(plan, coordinator, content, message):
    report = services.plan_import(plan=plan, content=content, by=coordinator, dry_run=True)
    assert report.has_errors and any(message in error for error in report.file_errors), report.file_errors


# ---- in the admin --------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    return coordinator_client


def upload(content: bytes):
    return SimpleUploadedFile("plan-2023.csv", content, content_type="text/csv")


def test_admin_export_downloads_the_csv(admin_client, plan):
    response = admin_client.get(f"/admin/actionplan/actionplan/{plan.pk}/export/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="plan-2023.csv"'
    assert response.content == export_plan_csv(plan=plan)


def test_admin_import_checks_then_imports_on_confirmation(admin_client, plan):
    exported = rows(export_plan_csv(plan=plan))
    exported[8]["status"] = "in_progress"  # action 9
    response = admin_client.post(f"/admin/actionplan/actionplan/{plan.pk}/import/", {"file": upload(write(exported))})
    text = page_text(response)
    assert "Check passed: 0 new, 1 updated, 14 unchanged actions." in text
    assert Action.objects.get(plan=plan, number=9).status == "not_recorded"
    payload = re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)
    response = admin_client.post(
        f"/admin/actionplan/actionplan/{plan.pk}/import/", {"payload": payload, "confirm": "1"}, follow=True
    )
    assert "Imported: 0 new, 1 updated, 14 unchanged actions." in page_text(response)
    assert Action.objects.get(plan=plan, number=9).status == "in_progress"


def test_admin_import_lists_the_wrong_lines_and_offers_no_confirmation(admin_client, plan):
    exported = rows(export_plan_csv(plan=plan))
    exported[3]["axis"] = "9"
    exported[4]["status"] = "fini"
    response = admin_client.post(f"/admin/actionplan/actionplan/{plan.pk}/import/", {"file": upload(write(exported))})
    text = page_text(response)
    assert "Nothing was imported" in text
    assert "5 4 axis Unknown axis “9”" in text
    assert "6 5 status Unknown status “fini”" in text
    assert 'name="payload"' not in response.content.decode()


def test_admin_import_of_the_unchanged_export_has_nothing_to_do(admin_client, plan):
    response = admin_client.post(
        f"/admin/actionplan/actionplan/{plan.pk}/import/", {"file": upload(export_plan_csv(plan=plan))}
    )
    text = page_text(response)
    assert "0 new, 0 updated, 15 unchanged" in text and "nothing to import" in text


def test_admin_import_refuses_a_tampered_payload(admin_client, plan):
    response = admin_client.post(
        f"/admin/actionplan/actionplan/{plan.pk}/import/", {"payload": "bogus", "confirm": "1"}, follow=True
    )
    assert "The checked file has expired" in page_text(response)
    assert Action.objects.filter(plan=plan).count() == 15


def test_admin_import_page_documents_the_format(admin_client, plan):
    text = page_text(admin_client.get(f"/admin/actionplan/actionplan/{plan.pk}/import/"))
    for column in COLUMNS:
        assert column in text
    assert "One of: not_started, in_progress, done, continuous, not_recorded." in text
