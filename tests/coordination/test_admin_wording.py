"""The admin speaks the coordinator's language: labels, not code names, even in Django's own messages."""

import datetime

import pytest

from members.models import DuesPayment, DuesYear
from members.selectors import member_dues
from tests.events.conftest import admin_form_data
from tests.factories import AxisFactory, DuesRecordFactory, MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_a_duplicate_in_a_list_of_rows_is_named_by_its_labels(coordinator_client):
    first = AxisFactory(number=1, title="Dialogue régional")
    AxisFactory(plan=first.plan, number=2, title="Maîtrise d'ouvrage")
    url = f"/admin/actionplan/actionplan/{first.plan.pk}/change/"
    data = admin_form_data(coordinator_client.get(url))
    rows = [key for key, value in data.items() if key.endswith("-number") and value == "2"]
    data[rows[0]] = "1"
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Corrigez les doublons : numéro doit être différent sur chaque ligne." in text
    assert "number" not in text


def test_the_lines_of_a_year_are_marked_paid_with_the_payment_given(coordinator_client):
    DuesYear.objects.create(year=2026, amount=800)
    hue, kampot = MemberFactory(name="Hué"), MemberFactory(name="Kampot")
    lines = [
        DuesRecordFactory(member=hue, year=2026, amount_due=None, status="unpaid"),
        DuesRecordFactory(member=kampot, year=2026, amount_due=None, amount_paid=300, status="partial"),
    ]
    selected = {"action": "mark_paid", "_selected_action": [line.pk for line in lines]}
    form = coordinator_client.post("/admin/members/duesrecord/", selected)
    assert 'value="Enregistrer les paiements"' in form.content.decode() and "Mode de paiement" in page_text(form)
    coordinator_client.post(
        "/admin/members/duesrecord/",
        {**selected, "apply": "1", "year": "2026", "paid_on": "2026-05-02", "method": "cheque", "reference": "CHQ"},
    )
    assert member_dues(member=hue, year=2026).status == "paid"
    assert DuesPayment.objects.get(record__member=kampot, method="cheque").amount == 500
    assert DuesPayment.objects.get(record__member=hue).paid_on == datetime.date(2026, 5, 2)
    other_year = DuesRecordFactory(member=hue, year=2025, status="unpaid")
    response = coordinator_client.post(
        "/admin/members/duesrecord/",
        {"action": "mark_paid", "_selected_action": [lines[0].pk, other_year.pk]},
        follow=True,
    )
    assert "Sélectionnez les lignes d'une seule année à la fois." in page_text(response)


def test_the_years_amount_cannot_be_deleted_while_lines_owe_it(coordinator_client):
    year = DuesYear.objects.create(year=2026, amount=800)
    DuesRecordFactory(member=MemberFactory(), year=2026, amount_due=None, status="unpaid")
    assert coordinator_client.get(f"/admin/members/duesyear/{year.pk}/delete/").status_code == 403
