"""The dues ledger's lines (amount due, amount paid, status, paid on, reference) become the member's dues of the year
and the payments received, without losing anything:

- an amount paid becomes one payment of that amount, with the line's date and reference (method "not recorded");
- "exempt" becomes the exemption; the amount due stays the member's own amount for the year;
- a line recorded "paid" with less paid than due keeps its standing: the amount due becomes the amount paid, and
  the amount first recorded is kept in the note;
- whatever the amounts cannot say any more (a status they contradict, a date or reference without an amount) is
  written in the note.

Backwards, the lines are rebuilt from the payments (their sum, the last date, the references).
"""

from decimal import Decimal

from django.db import migrations

LABELS = {"paid": "payé", "partial": "partiellement payé", "unpaid": "non payé", "exempt": "exonéré"}


def _derived(*, exempt: bool, due, paid) -> str:
    if exempt:
        return "exempt"
    if due is not None and paid >= due:
        return "paid"
    return "partial" if paid > 0 else "unpaid"


def forwards(apps, schema_editor):
    DuesRecord = apps.get_model("members", "DuesRecord")
    DuesPayment = apps.get_model("members", "DuesPayment")
    for record in DuesRecord.objects.all().order_by("pk"):
        notes = []
        paid = record.amount_paid or Decimal("0")
        record.exempt = record.status == "exempt"
        if record.status == "paid" and paid < record.amount_due:
            notes.append(
                f"Enregistré comme payé avec {paid} versés sur {record.amount_due} dus : le montant dû devient "
                f"{paid} pour garder la situation du membre."
            )
            record.amount_due = paid
        if record.status == "paid" and paid == 0 and record.amount_due == 0:
            notes.append("Enregistré comme payé, sans montant dû ni versé.")
        if paid > 0:
            DuesPayment.objects.create(
                record=record,
                amount=paid,
                paid_on=record.paid_on,
                method="not_recorded",
                reference=record.reference,
            )
        else:
            if record.paid_on:
                notes.append(f"Date de paiement enregistrée sans montant : {record.paid_on:%Y-%m-%d}.")
            if record.reference:
                notes.append(f"Référence enregistrée sans montant : {record.reference}.")
        derived = _derived(exempt=record.exempt, due=record.amount_due, paid=paid)
        if derived != record.status:
            notes.append(
                f"Statut enregistré avant la reprise : {LABELS.get(record.status, record.status)} "
                f"({record.amount_paid} versés sur {record.amount_due} dus)."
            )
        if notes:
            record.note = "\n".join(filter(None, [record.note, *notes]))
        record.save(update_fields=["exempt", "amount_due", "note"])


def backwards(apps, schema_editor):
    DuesRecord = apps.get_model("members", "DuesRecord")
    DuesYear = apps.get_model("members", "DuesYear")
    amounts = dict(DuesYear.objects.values_list("year", "amount"))
    for record in DuesRecord.objects.prefetch_related("payments").order_by("pk"):
        payments = sorted(record.payments.all(), key=lambda p: (p.paid_on is None, p.paid_on, p.pk))
        paid = sum((p.amount for p in payments), Decimal("0"))
        due = record.amount_due if record.amount_due is not None else amounts.get(record.year, Decimal("0"))
        record.amount_due = due
        record.amount_paid = paid
        record.status = _derived(exempt=record.exempt, due=due, paid=paid)
        dated = [p.paid_on for p in payments if p.paid_on]
        record.paid_on = max(dated) if dated else None
        record.reference = " / ".join(p.reference for p in payments if p.reference)[:100]
        record.save(update_fields=["amount_due", "amount_paid", "status", "paid_on", "reference"])
        record.payments.all().delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0006_dues_in_money")]

    operations = [migrations.RunPython(forwards, backwards)]
