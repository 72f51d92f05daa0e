from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import DuesRecord
from members.selectors import member_is_in_good_standing, members_in_good_standing
from tests.factories import DuesRecordFactory, MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "in_good_standing"),
    [("paid", True), ("exempt", True), ("partial", False), ("unpaid", False)],
)
def test_good_standing_is_derived_from_the_ledger(status, in_good_standing):
    member = MemberFactory()
    DuesRecordFactory(member=member, year=2025, status=status)
    assert member_is_in_good_standing(member=member, year=2025) is in_good_standing
    assert member_is_in_good_standing(member=member, year=2026) is False  # no record for that year


def test_one_record_per_member_and_year_and_no_negative_amounts():
    member = MemberFactory()
    DuesRecordFactory(member=member, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRecord.objects.create(member=member, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRecord.objects.create(member=member, year=2024, amount_due=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRecord.objects.create(member=member, year=2023, amount_paid=Decimal("-0.01"))


def test_overview_for_a_year(coordinator_client):
    a, b, c, d = (MemberFactory(name=name) for name in ("Alpha", "Bravo", "Charlie", "Delta"))
    DuesRecordFactory(member=a, year=2025, amount_due=1000, amount_paid=1000, status="paid")
    DuesRecordFactory(member=b, year=2025, amount_due=1000, amount_paid=400, status="partial")
    DuesRecordFactory(member=c, year=2025, amount_due=0, amount_paid=0, status="exempt")
    response = coordinator_client.get("/admin/members/duesrecord/overview/?year=2025")
    assert response.status_code == 200
    overview = response.context["overview"]
    by_status = {row["status"]: row for row in overview["statuses"]}
    assert by_status["paid"]["count"] == 1 and by_status["partial"]["paid"] == Decimal("400")
    assert overview["total_due"] == Decimal("2000") and overview["total_paid"] == Decimal("1400")
    assert [m.name for m in overview["without_record"]] == ["Delta"]
    assert "Delta" in page_text(response)
    assert coordinator_client.get("/admin/members/duesrecord/overview/?year=junk").status_code == 200


def test_bulk_action_marks_a_year_paid(coordinator_client):
    a, b, c = MemberFactory(), MemberFactory(), MemberFactory()
    DuesRecordFactory(member=a, year=2026, amount_due=800, amount_paid=0, status="unpaid")
    DuesRecordFactory(member=c, year=2026, amount_due=0, amount_paid=0, status="exempt")
    selected = {"action": "mark_year_paid", "_selected_action": [a.pk, b.pk, c.pk]}
    confirm = coordinator_client.post("/admin/members/member/", selected)
    assert confirm.status_code == 200 and "year" in confirm.content.decode()
    coordinator_client.post("/admin/members/member/", {**selected, "apply": "1", "year": "2026"})
    assert DuesRecord.objects.get(member=a, year=2026).amount_paid == Decimal("800")
    assert DuesRecord.objects.get(member=b, year=2026).status == "paid"
    assert DuesRecord.objects.get(member=c, year=2026).status == "exempt"
    assert set(members_in_good_standing(year=2026)) == {a, b, c}


def test_dues_inline_and_standing_filter_in_the_member_admin(coordinator_client):
    year = timezone.localdate().year
    good, late = MemberFactory(name="Ville à jour"), MemberFactory(name="Ville en retard")
    DuesRecordFactory(member=good, year=year)
    DuesRecordFactory(member=late, year=year, status="unpaid", amount_paid=0)
    text = page_text(coordinator_client.get("/admin/members/member/?standing=no"))
    assert "Ville en retard" in text and "Ville à jour" not in text
    change = coordinator_client.get(f"/admin/members/member/{late.pk}/change/")
    assert "dues-0-year" in change.content.decode()


def test_csv_export_of_the_ledger(coordinator_client):
    member = MemberFactory(slug="kampot")
    DuesRecordFactory(member=member, year=2024, amount_due=500, amount_paid=250, status="partial", reference="VIR-7")
    response = coordinator_client.post(
        "/admin/members/duesrecord/export/",
        {
            "format": "0",
            "resource": "0",
            "duesrecordresource_member": "on",
            "duesrecordresource_year": "on",
            "duesrecordresource_amount_due": "on",
            "duesrecordresource_amount_paid": "on",
            "duesrecordresource_status": "on",
            "duesrecordresource_paid_on": "on",
            "duesrecordresource_reference": "on",
        },
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "member,year,amount_due,amount_paid,status,paid_on,reference"
    assert "kampot,2024,500.00,250.00,partial,,VIR-7" in body
