"""Dues kept in money: the year's amount, members' own amounts, payments, balance, status, receipts, reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from members import selectors, services
from members.models import DuesPayment, DuesRecord, DuesReminder, DuesYear
from members.selectors import member_dues, member_is_in_good_standing, members_in_good_standing
from tests.common.pdf_structure import assert_tagged, read_structure
from tests.common.test_pdf import pdf_text
from tests.factories import DuesRecordFactory, FocalPointFactory, MemberFactory, PersonFactory, UserFactory
from tests.mail_headers import assert_bulk, one_click, parsed
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def text(value: str) -> str:
    """Page or PDF text with the non-breaking spaces of French numbers as plain spaces."""
    return " ".join(value.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.parametrize(
    ("status", "label", "balance", "in_good_standing"),
    [("paid", "paid", "0", True), ("exempt", "exempt", "0", True), ("partial", "partial", "500", False)],
)
def test_status_balance_and_standing_follow_the_payments(status, label, balance, in_good_standing):
    member = MemberFactory()
    DuesRecordFactory(member=member, year=2025, amount_due=1000, status=status)
    line = member_dues(member=member, year=2025)
    assert line.status == label and line.balance == Decimal(balance)
    assert member_is_in_good_standing(member=member, year=2025) is in_good_standing


def test_unpaid_is_a_recorded_line_with_nothing_paid_and_keeps_the_member_out():
    member = MemberFactory()
    DuesRecordFactory(member=member, year=2025, amount_due=800, status="unpaid")
    line = member_dues(member=member, year=2025)
    assert (line.status, line.due, line.paid, line.balance) == ("unpaid", 800, 0, 800)
    assert member not in members_in_good_standing(year=2025)


def test_nothing_recorded_is_not_recorded_and_takes_part_unless_the_year_counts_it_unpaid():
    member = MemberFactory()
    line = member_dues(member=member, year=2026)
    assert line.status == "not_recorded" and line.takes_part and line.balance == 0
    assert member in members_in_good_standing(year=2026)
    # The coordination decides, for one year, that nothing recorded means the year's amount is owed.
    DuesYear.objects.create(year=2026, amount=600, unrecorded_counts_as_unpaid=True)
    line = member_dues(member=member, year=2026)
    assert (line.status, line.balance, line.takes_part) == ("unpaid", 600, False)
    assert member not in members_in_good_standing(year=2026)
    assert member in members_in_good_standing(year=2025)  # only that year


def test_the_years_amount_applies_unless_the_member_has_its_own():
    DuesYear.objects.create(year=2026, amount=1200)
    big, small = MemberFactory(), MemberFactory()
    DuesRecordFactory(member=big, year=2026, amount_due=None, status="unpaid")
    DuesRecordFactory(member=small, year=2026, amount_due=300, status="unpaid")
    assert member_dues(member=big, year=2026).due == 1200
    assert member_dues(member=small, year=2026).due == 300


def test_one_line_per_member_and_year_and_no_negative_or_empty_amounts():
    member = MemberFactory()
    record = DuesRecordFactory(member=member, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRecord.objects.create(member=member, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesRecord.objects.create(member=member, year=2024, amount_due=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesPayment.objects.create(record=record, amount=Decimal("0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesYear.objects.create(year=2025, amount=Decimal("-0.01"))


def test_partial_payments_add_up_to_paid_and_a_payment_above_the_balance_is_refused(coordinator):
    DuesYear.objects.create(year=2026, amount=1000)
    member = MemberFactory(name="Vientiane")
    on = datetime.date(2026, 3, 2)
    services.dues_payment_record(
        member=member, year=2026, amount=Decimal("400"), paid_on=on, method="transfer", by=coordinator
    )
    assert member_dues(member=member, year=2026).status == "partial"
    with pytest.raises(services.ValidationError) as error:
        services.dues_payment_record(
            member=member, year=2026, amount=Decimal("700"), paid_on=on, method="cash", by=coordinator
        )
    assert "amount" in error.value.message_dict
    services.dues_payment_record(
        member=member, year=2026, amount=Decimal("600"), paid_on=on, method="cash", by=coordinator
    )
    line = member_dues(member=member, year=2026)
    assert (line.status, line.paid, line.balance) == ("paid", 1000, 0)
    assert DuesPayment.objects.filter(record__member=member).count() == 2


def test_overview_of_a_year_with_totals_and_balance(coordinator_client):
    DuesYear.objects.create(year=2025, amount=1000)
    a, b, c, d, e = (MemberFactory(name=name) for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo"))
    DuesRecordFactory(member=a, year=2025, amount_due=None, status="paid")
    DuesRecordFactory(member=b, year=2025, amount_due=None, amount_paid=400, status="partial")
    DuesRecordFactory(member=c, year=2025, amount_due=0, status="exempt")
    DuesRecordFactory(member=e, year=2025, amount_due=500, status="unpaid")
    response = coordinator_client.get("/admin/members/duesrecord/overview/?year=2025")
    assert response.status_code == 200
    overview = response.context["overview"]
    by_status = {row["status"]: row for row in overview["statuses"]}
    assert by_status["paid"]["count"] == 1 and by_status["partial"]["paid"] == Decimal("400")
    assert by_status["not_recorded"]["count"] == 1 and by_status["exempt"]["count"] == 1
    assert overview["total_due"] == Decimal("2500") and overview["total_paid"] == Decimal("1400")
    assert overview["total_balance"] == Decimal("1100")
    assert [m.name for m in overview["without_record"]] == ["Delta"]
    page = text(page_text(response))
    assert "Partiellement payé" in page and "Non renseigné" in page and "Exonéré" in page
    assert "1 100,00 EUR" in page  # the balance of the year
    assert "Delta Non renseigné" in page
    assert coordinator_client.get("/admin/members/duesrecord/overview/?year=junk").status_code == 200


def test_mark_a_year_paid_records_real_amounts(coordinator_client, coordinator):
    DuesYear.objects.create(year=2026, amount=900)
    a, b, c, d = MemberFactory(), MemberFactory(), MemberFactory(), MemberFactory()
    DuesRecordFactory(member=a, year=2026, amount_due=800, amount_paid=300, status="partial")
    DuesRecordFactory(member=c, year=2026, amount_due=0, status="exempt")
    DuesRecordFactory(member=d, year=2026, amount_due=None, status="paid")
    selected = {"action": "mark_year_paid", "_selected_action": [a.pk, b.pk, c.pk, d.pk]}
    confirm = coordinator_client.post("/admin/members/member/", selected)
    assert confirm.status_code == 200 and "Mode de paiement" in page_text(confirm)
    response = coordinator_client.post(
        "/admin/members/member/",
        {**selected, "apply": "1", "year": "2026", "paid_on": "2026-04-01", "method": "transfer", "reference": "VIR-9"},
        follow=True,
    )
    page = text(page_text(response))
    assert "500,00 EUR" in page and "900,00 EUR" in page
    payment = DuesPayment.objects.get(record__member=a, amount=500)
    assert payment.paid_on == datetime.date(2026, 4, 1) and payment.reference == "VIR-9"
    assert payment.recorded_by == coordinator
    assert DuesPayment.objects.get(record__member=b).amount == 900  # the year's amount
    assert member_dues(member=c, year=2026).status == "exempt"
    assert DuesPayment.objects.filter(record__member=d).count() == 1  # already paid: nothing more
    assert set(members_in_good_standing(year=2026)) >= {a, b, c, d}


def test_mark_a_year_paid_without_a_known_amount_records_nothing_and_says_why(coordinator_client):
    member = MemberFactory(name="Kampot")
    response = coordinator_client.post(
        "/admin/members/member/",
        {
            "action": "mark_year_paid",
            "_selected_action": [member.pk],
            "apply": "1",
            "year": "2031",
            "paid_on": timezone.localdate().isoformat(),
            "method": "cash",
        },
        follow=True,
    )
    assert "le montant dû n'est pas connu : Kampot" in page_text(response)
    assert not DuesRecord.objects.exists() and not DuesPayment.objects.exists()


def test_member_list_shows_dues_this_year_and_filters_on_it(coordinator_client):
    year = timezone.localdate().year
    good, late, unknown = (MemberFactory(name=n) for n in ("Ville à jour", "Ville en retard", "Ville inconnue"))
    DuesRecordFactory(member=good, year=year)
    DuesRecordFactory(member=late, year=year, amount_due=1000, amount_paid=250, status="partial")
    listing = text(page_text(coordinator_client.get("/admin/members/member/")))
    assert "Ville en retard Cambodge" in listing and "Partiellement payé 750,00 EUR restants" in listing
    assert "Ville inconnue" in listing and "Non renseigné" in listing
    behind = page_text(coordinator_client.get("/admin/members/member/?standing=no"))
    assert "Ville en retard" in behind and "Ville à jour" not in behind and "Ville inconnue" not in behind
    not_recorded = page_text(coordinator_client.get("/admin/members/member/?dues=not_recorded"))
    assert "Ville inconnue" in not_recorded and "Ville en retard" not in not_recorded
    change = coordinator_client.get(f"/admin/members/member/{late.pk}/change/")
    assert "dues-0-year" in change.content.decode()
    assert unknown  # listed although nothing was recorded


def record_payment(client, **data):
    return client.post("/admin/members/duespayment/add/", data, follow=True)


def test_recording_a_payment_in_the_admin_changes_status_and_balance(coordinator_client):
    DuesYear.objects.create(year=2026, amount=1000)
    member = MemberFactory(name="Vientiane", slug="vientiane")
    form = coordinator_client.get(f"/admin/members/duespayment/add/?member={member.pk}&year=2026")
    assert form.context["form"].initial["member"] == member.pk
    response = record_payment(
        coordinator_client,
        member=member.pk,
        year=2026,
        amount="400",
        paid_on="2026-03-02",
        method="transfer",
        reference="BCEL 7781",
    )
    page = text(page_text(response))
    assert "Paiement de 400,00 EUR enregistré pour Vientiane (2026) : partiellement payé, solde 600,00 EUR." in page
    assert "Télécharger le reçu (PDF)" in page
    payment = DuesPayment.objects.get()
    assert (payment.amount, payment.reference, payment.method) == (400, "BCEL 7781", "transfer")


@pytest.mark.parametrize(
    ("amount", "paid_on", "field", "message"),
    [
        ("-50", "2026-03-02", "amount", "Indiquez un montant supérieur à zéro."),
        ("mille", "2026-03-02", "amount", "Saisissez un nombre."),
        ("1000.01", "2026-03-02", "amount", "dépasse le solde de 1 000,00 EUR"),
        ("100", "2099-01-01", "paid_on", "Cette date est dans le futur"),
        ("100", "02/31/2026", "paid_on", "Saisissez une date valide."),
    ],
)
def test_bad_payments_are_refused_next_to_the_field_and_nothing_is_saved(
    coordinator_client, amount, paid_on, field, message
):
    DuesYear.objects.create(year=2026, amount=1000)
    member = MemberFactory()
    response = record_payment(
        coordinator_client, member=member.pk, year=2026, amount=amount, paid_on=paid_on, method="cash"
    )
    form = response.context["form"]
    assert message in text(" ".join(form.errors[field]))
    body = text(page_text(response))
    assert "Rien n'a été enregistré" in body and message in body
    assert not DuesPayment.objects.exists() and not DuesRecord.objects.exists()


def test_a_payment_for_an_exempt_member_or_an_unknown_amount_is_refused(coordinator_client):
    exempt, unknown = MemberFactory(name="Exonérée"), MemberFactory(name="Sans montant")
    DuesRecordFactory(member=exempt, year=2026, status="exempt")
    for member, message in ((exempt, "Exonérée est exonéré pour 2026"), (unknown, "n'est pas connu")):
        response = record_payment(
            coordinator_client, member=member.pk, year=2026, amount="10", paid_on="2026-01-02", method="cash"
        )
        assert message in " ".join(response.context["form"].errors["amount"])
    assert not DuesPayment.objects.exists()
    assert not DuesRecord.objects.filter(member=unknown).exists()


def test_the_receipt_is_for_the_coordinator_and_the_members_own_people(client, coordinator):
    member = MemberFactory(name="Vientiane", slug="vientiane")
    year = timezone.localdate().year  # the member page shows the current year's dues
    record = DuesRecordFactory(
        member=member, year=year, amount_due=1000, amount_paid=400, paid_on=datetime.date(year, 3, 2), reference="R1"
    )
    payment = record.payments.get()
    url = f"/members/vientiane/dues/{payment.pk}/receipt.pdf"
    assert client.get(url).status_code == 302  # visitors log in first
    outsider = PersonFactory(member=MemberFactory(), user=UserFactory())
    client.force_login(outsider.user)
    assert client.get(url).status_code == 403
    assert client.get(f"/members/{outsider.member.slug}/dues/{payment.pk}/receipt.pdf").status_code == 404
    own = PersonFactory(member=member, user=UserFactory())
    for user in (own.user, coordinator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        receipt = text(pdf_text(response.content))
        assert f"Reçu de cotisation N° {payment.number}" in receipt
        assert "Vientiane" in receipt and "400,00 EUR" in receipt and f"2 mars {year}" in receipt
        assert "Solde après ce paiement 600,00 EUR" in receipt
        structure = read_structure(response.content)
        assert_tagged(structure, lang="fr", title=f"Reçu de cotisation {payment.number}")
        assert structure.figure_alts == ["Logo du RVASE"]
    # The member's own people find it on the member page.
    client.force_login(own.user)
    page = client.get("/members/vientiane/")
    assert url in page.content.decode()
    assert f"Cotisation {year} partiellement payée : reste 600,00 EUR" in text(page_text(page))


def test_a_member_page_says_not_recorded_never_late_when_nothing_was_recorded(client, member, member_person):
    client.force_login(member_person.user)
    page = page_text(client.get(f"/members/{member.slug}/"))
    assert f"Cotisation {timezone.localdate().year} non renseignée" in page
    assert "pas à jour" not in page.lower()


@pytest.fixture
def owing(db):
    """Vientiane owes 600 of 1000 for 2026 (due 1 February), Hué paid, Kampot has nothing recorded."""
    DuesYear.objects.create(year=2026, amount=1000, due_on=datetime.date(2026, 2, 1), reminder_days="0,30")
    vientiane, hue, kampot = (MemberFactory(name=n) for n in ("Vientiane", "Hué", "Kampot"))
    for member in (vientiane, hue, kampot):
        FocalPointFactory(
            member=member,
            person=PersonFactory(member=member, email=f"pf@{member.slug}.example", user=UserFactory()),
        )
    DuesRecordFactory(member=vientiane, year=2026, amount_due=None, amount_paid=400, status="partial")
    DuesRecordFactory(member=hue, year=2026, amount_due=None, status="paid")
    return vientiane


def test_reminders_go_to_members_with_a_balance_once_per_step(owing):
    assert services.dues_reminders_send(today=datetime.date(2026, 1, 31)) == 0  # not due yet
    assert services.dues_reminders_send(today=datetime.date(2026, 2, 1)) == 1
    (message,) = mail.outbox
    assert message.to == [f"pf@{owing.slug}.example"]
    body = text(message.body)
    assert "600,00 EUR" in body and "Vientiane" in body and "400,00 EUR versés sur 1 000,00 EUR" in body
    assert services.dues_reminders_send(today=datetime.date(2026, 2, 2)) == 0  # same step: nothing twice
    assert services.dues_reminders_send(today=datetime.date(2026, 3, 3)) == 1  # the next step
    assert len(mail.outbox) == 2
    assert services.dues_reminders_send(today=datetime.date(2026, 6, 1)) == 0  # no step left
    assert list(DuesReminder.objects.values_list("days_after", flat=True).order_by("days_after")) == [0, 30]


def test_a_reminder_set_up_late_sends_only_the_latest_step_and_the_task_runs_it(owing, settings):
    from members.tasks import send_dues_reminders

    assert "members.tasks.send_dues_reminders" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert send_dues_reminders() == 1  # today is long after both steps
    assert list(DuesReminder.objects.values_list("days_after", flat=True)) == [30]
    assert send_dues_reminders() == 0


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


def test_csv_export_of_a_year_lists_every_member_and_reimports_as_it_is(coordinator_client):
    DuesYear.objects.create(year=2026, amount=1000)
    hue, kampot = MemberFactory(slug="hue", name="Hué"), MemberFactory(slug="kampot", name="Kampot")
    DuesRecordFactory(
        member=hue, year=2026, amount_due=None, amount_paid=300, paid_on=datetime.date(2026, 3, 2), reference="A1"
    )
    response = coordinator_client.get("/admin/members/duesrecord/overview/export/?year=2026")
    assert response["Content-Disposition"] == 'attachment; filename="rvase-dues-2026.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "member,name,year,currency,amount_due,amount_paid,balance,status,paid_on,reference"
    assert "hue,Hué,2026,EUR,1000.00,300.00,700.00,partial,2026-03-02,A1" in lines
    assert "kampot,Kampot,2026,EUR,,0.00,0.00,not_recorded,," in lines
    # The exported file imports back without changing anything.
    from tests.members.test_import import confirm, upload

    imported = upload(coordinator_client, "/admin/members/duesrecord/import/", response.content)
    assert imported.context["confirm_form"] is not None, page_text(imported)[-1500:]
    confirm(coordinator_client, "/admin/members/duesrecord/import/", imported)
    assert DuesPayment.objects.count() == 1
    assert not DuesRecord.objects.filter(member=kampot).exists()
    assert member_dues(member=hue, year=2026).due == 1000


def test_the_year_settings_are_checked(coordinator_client):
    response = coordinator_client.post(
        "/admin/members/duesyear/add/", {"year": "2027", "amount": "-1", "reminder_days": "7,deux"}
    )
    errors = response.context["adminform"].form.errors
    assert "amount" in errors and "reminder_days" in errors
    assert not DuesYear.objects.exists()


def test_the_currency_is_set_once_for_the_ledger(settings):
    settings.DUES_CURRENCY = "USD"
    assert selectors.format_money(Decimal("1234.5")) in ("1 234,50 USD", "1\u00a0234,50 USD")


@pytest.mark.django_db(transaction=True)
def test_migration_turns_the_old_ledger_into_payments_without_loss():
    executor = MigrationExecutor(connection)
    executor.migrate([("members", "0006_dues_in_money")])
    old = executor.loader.project_state([("members", "0006_dues_in_money")]).apps
    Country = old.get_model("members", "Country")
    Member = old.get_model("members", "Member")
    Record = old.get_model("members", "DuesRecord")
    country = Country.objects.create(code="LA", name="Laos")
    members = {slug: Member.objects.create(name=slug.title(), slug=slug, country=country) for slug in "abcdef"}
    rows = [
        ("a", 1000, 1000, "paid", datetime.date(2024, 3, 2), "VIR-1"),
        ("b", 1000, 400, "partial", None, "CHQ-2"),
        ("c", 1000, 0, "unpaid", None, ""),
        ("d", 0, 0, "exempt", None, ""),
        ("e", 0, 0, "paid", datetime.date(2024, 5, 1), "sans montant"),
        ("f", 800, 500, "paid", None, ""),
    ]
    for slug, due, paid, status, paid_on, reference in rows:
        Record.objects.create(
            member=members[slug],
            year=2024,
            amount_due=due,
            amount_paid=paid,
            status=status,
            paid_on=paid_on,
            reference=reference,
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from members.models import Member as CurrentMember

    def line(slug):
        return member_dues(member=CurrentMember.objects.get(slug=slug), year=2024)

    assert (line("a").status, line("a").paid) == ("paid", 1000)
    payment = DuesPayment.objects.get(record__member__slug="a")
    assert (payment.paid_on, payment.reference, payment.method) == (datetime.date(2024, 3, 2), "VIR-1", "not_recorded")
    assert (line("b").status, line("b").balance) == ("partial", 600)
    assert DuesPayment.objects.get(record__member__slug="b").reference == "CHQ-2"
    assert (line("c").status, line("c").balance) == ("unpaid", 1000)
    assert line("d").status == "exempt"
    assert line("e").status == "paid"
    note = DuesRecord.objects.get(member__slug="e").note
    assert "sans montant" in note and "2024-05-01" in note
    # Recorded "paid" with less paid than due: the member keeps its standing, the first amount stays in the note.
    assert line("f").status == "paid"
    assert "800" in DuesRecord.objects.get(member__slug="f").note


def test_a_line_without_an_amount_needs_the_years_amount(coordinator_client):
    member = MemberFactory()
    response = coordinator_client.post(
        "/admin/members/duesrecord/add/",
        {
            "member": member.pk,
            "year": "2031",
            "amount_due": "",
            "note": "",
            "payments-TOTAL_FORMS": "0",
            "payments-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert "Aucun montant n'est fixé pour 2031" in " ".join(errors["amount_due"])
    assert not DuesRecord.objects.exists()


def test_the_year_export_writes_formulas_as_text(coordinator_client):
    DuesYear.objects.create(year=2026, amount=100)
    member = MemberFactory(slug="piege", name='=HYPERLINK("http://x")')
    DuesRecordFactory(member=member, year=2026, amount_due=None, amount_paid=50, reference="@SUM(A1)")
    body = coordinator_client.get("/admin/members/duesrecord/overview/export/?year=2026").content.decode("utf-8-sig")
    line = next(row for row in body.splitlines() if row.startswith("piege,"))
    assert "'=HYPERLINK" in line and "'@SUM(A1)" in line


def test_a_dues_reminder_is_a_mailing_its_reader_may_leave_in_one_click(owing, settings):
    settings.SITE_URL = "https://portail.rvase.example"
    assert services.dues_reminders_send(today=datetime.date(2026, 2, 1)) == 1
    (message,) = [parsed(message) for message in mail.outbox]
    path = assert_bulk(message, language="fr")
    assert message["List-Id"] == "<dues-reminders.portail.rvase.example>"
    response = one_click(Client(enforce_csrf_checks=True), path)
    assert response.status_code == 200
    assert f"pf@{owing.slug}.example ne recevra plus : Rappels de cotisation." in text(page_text(response))
    # The next step has nobody left to write to: no reminder, none recorded.
    assert services.dues_reminders_send(today=datetime.date(2026, 3, 3)) == 0
    assert len(mail.outbox) == 1 and DuesReminder.objects.count() == 1
