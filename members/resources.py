"""CSV import and export of members and of the dues ledger (django-import-export)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV
from import_export.widgets import DecimalWidget, ForeignKeyWidget

from common.spreadsheet import neutralised_dataset, restored_dataset

from .models import Country, DuesPayment, DuesRecord, DuesYear, Member


class CSVAnyEncoding(CSV):
    """CSV in UTF-8 (with or without the BOM Excel adds) or in Windows-1252/Latin-1, as spreadsheets save it.

    Exported cells that a spreadsheet would take for a formula are neutralised (common.spreadsheet).
    """

    def is_binary(self):
        # Receive bytes: the encoding is worked out here, not assumed by the admin.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    in_stream = in_stream.decode("cp1252")
                except UnicodeDecodeError as error:
                    raise ValueError(_("The file is neither UTF-8 nor Latin-1: save it as “CSV UTF-8”.")) from error
        # Spreadsheets set to French separate columns with semicolons.
        header = in_stream.split("\n", 1)[0]
        if header.count(";") > header.count(","):
            kwargs.setdefault("delimiter", ";")
        return restored_dataset(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset, **kwargs):
        # A description, phone or address typed as "=HYPERLINK(…)" or "+855…" is text, not a formula, when the
        # coordinator opens the file (common.spreadsheet); reading the file back gives the same values.
        return super().export_data(neutralised_dataset(dataset), **kwargs)


class PlainDecimalWidget(DecimalWidget):
    """Amounts written as 1000.00 whatever the reader's language, so an exported file re-imports as it is."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NaturalKeyWidget(ForeignKeyWidget):
    """A foreign key given by its code or slug; an unknown one is an error on its line, with the value."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(
                _("Unknown %(model)s: “%(value)s”.")
                % {"model": capfirst(self.model._meta.verbose_name), "value": value}
            ) from error


class StrictHeadersMixin:
    """Refuse a file whose columns are not the expected ones, before reading any line."""

    def before_import(self, dataset, **kwargs):
        expected = [field.column_name for field in self.get_import_fields()]
        headers = [header.strip() for header in (dataset.headers or [])]
        missing = [name for name in self.required_columns if name not in headers]
        unknown = [name for name in headers if name and name not in expected]
        if missing or unknown:
            message = _("Wrong columns.")
            if missing:
                message += " " + _("Missing: %(columns)s.") % {"columns": ", ".join(missing)}
            if unknown:
                message += " " + _("Unknown: %(columns)s.") % {"columns": ", ".join(unknown)}
            message += " " + _("Expected: %(columns)s.") % {"columns": ", ".join(expected)}
            raise ValueError(message)
        super().before_import(dataset, **kwargs)


class MemberResource(StrictHeadersMixin, resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=NaturalKeyWidget(Country, field="code"))
    required_columns = ("slug", "name", "kind", "country")

    class Meta:
        model = Member
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "local_name",
            "kind",
            "country",
            "is_aimf_member",
            "email",
            "phone",
            "website",
            "description",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


DUES_COLUMNS = (
    "member",
    "name",
    "year",
    "currency",
    "amount_due",
    "amount_paid",
    "balance",
    "status",
    "paid_on",
    "reference",
)


def _decimal(value: str, *, column: str) -> Decimal | None:
    value = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    try:
        # Spreadsheets set to French write 1000,50.
        amount = Decimal(value.replace(",", ".") if value.count(",") == 1 and "." not in value else value)
    except InvalidOperation as error:
        raise ValidationError({column: _("“%(value)s” is not an amount.") % {"value": value}}) from error
    if amount < 0:
        raise ValidationError({column: _("An amount cannot be negative.")})
    return amount


class DuesRecordResource(StrictHeadersMixin, resources.ModelResource):
    """A member's dues of a year as one line: `member,name,year,currency,amount_due,amount_paid,balance,status,paid_on,
    reference` (README, "Dues"). On import, `name`, `currency` and `balance` are only checked or ignored; the amount
    paid becomes a payment (method "not recorded") for what the ledger does not hold yet, and the status must agree
    with the amounts."""

    member = fields.Field(attribute="member", column_name="member", widget=NaturalKeyWidget(Member, field="slug"))
    name = fields.Field(column_name="name")
    currency = fields.Field(column_name="currency")
    amount_due = fields.Field(column_name="amount_due")
    amount_paid = fields.Field(column_name="amount_paid")
    balance = fields.Field(column_name="balance")
    status = fields.Field(column_name="status")
    paid_on = fields.Field(column_name="paid_on")
    reference = fields.Field(column_name="reference")
    required_columns = ("member", "year", "status")

    class Meta:
        model = DuesRecord
        import_id_fields = ("member", "year")
        fields = DUES_COLUMNS
        export_order = DUES_COLUMNS
        clean_model_instances = True
        # Payments are written beside the line: whether a line is unchanged is decided by skip_row.
        skip_unchanged = False

    # -- export --

    def _totals(self, record: DuesRecord) -> tuple[Decimal | None, Decimal, str]:
        if not hasattr(record, "dues_status"):
            from .selectors import records_with_dues

            annotated = records_with_dues(DuesRecord.objects.filter(pk=record.pk)).get()
            record.dues_due, record.dues_paid, record.dues_status = (
                annotated.dues_due,
                annotated.dues_paid,
                annotated.dues_status,
            )
        return record.dues_due, record.dues_paid, record.dues_status

    def dehydrate_name(self, record):
        return record.member.name

    def dehydrate_currency(self, record):
        return settings.DUES_CURRENCY

    def dehydrate_amount_due(self, record):
        due, _paid, _status = self._totals(record)
        return "" if due is None else str(due)

    def dehydrate_amount_paid(self, record):
        return str(self._totals(record)[1])

    def dehydrate_balance(self, record):
        due, paid, status = self._totals(record)
        if status == DuesRecord.Status.EXEMPT:
            return "0.00"
        return "" if due is None else str(max(due - paid, Decimal("0.00")))

    def dehydrate_status(self, record):
        return self._totals(record)[2]

    def _payments(self, record) -> list:
        return sorted(record.payments.all(), key=lambda p: (p.paid_on is None, p.paid_on, p.pk))

    def dehydrate_paid_on(self, record):
        dated = [payment.paid_on for payment in self._payments(record) if payment.paid_on]
        return max(dated).isoformat() if dated else ""

    def dehydrate_reference(self, record):
        return " / ".join(payment.reference for payment in self._payments(record) if payment.reference)

    # -- import --

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        wanted = {}
        for column in ("amount_due", "amount_paid"):
            try:
                wanted[column] = _decimal(row.get(column, ""), column=column)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        status = (row.get("status") or "").strip()
        if status not in DuesRecord.Status.values:
            errors.setdefault("status", []).append(
                _("“%(value)s” is not a status: use %(statuses)s.")
                % {"value": status, "statuses": ", ".join(DuesRecord.Status.values)}
            )
        currency = (row.get("currency") or "").strip().upper()
        if currency and currency != settings.DUES_CURRENCY:
            errors.setdefault("currency", []).append(
                _("The ledger is kept in %(currency)s, not %(value)s.")
                % {"currency": settings.DUES_CURRENCY, "value": currency}
            )
        paid_on = (row.get("paid_on") or "").strip()
        try:
            wanted["paid_on"] = datetime.date.fromisoformat(paid_on) if paid_on else None
        except ValueError:
            errors.setdefault("paid_on", []).append(_("Write the date as YYYY-MM-DD, for example 2025-03-02."))
        if errors:
            raise ValidationError(errors)
        year_amount = DuesYear.objects.filter(year=instance.year).values_list("amount", flat=True).first()
        due = wanted["amount_due"] if wanted["amount_due"] is not None else year_amount
        # The member's own amount is kept only where it differs from the year's.
        instance.amount_due = wanted["amount_due"] if wanted["amount_due"] != year_amount else None
        instance.exempt = status == DuesRecord.Status.EXEMPT
        paid = wanted["amount_paid"] or Decimal("0")
        if not instance.exempt:
            if due is None and status != DuesRecord.Status.NOT_RECORDED:
                errors["amount_due"] = [_("Give the amount due: no amount is set for this year.")]
            elif due is not None and paid > due:
                errors["amount_paid"] = [_("More is paid than is due: record at most the amount due.")]
            else:
                actual = "not_recorded" if status == DuesRecord.Status.NOT_RECORDED else self._status_of(due, paid)
                if actual != status:
                    errors["status"] = [
                        _(
                            "The status “%(status)s” does not match the amounts (%(paid)s paid of %(due)s due: "
                            "%(actual)s)."
                        )
                        % {"status": status, "paid": paid, "due": due, "actual": actual}
                    ]
        if errors:
            raise ValidationError(errors)
        instance._imported = {"paid": paid, "paid_on": wanted["paid_on"], "reference": (row.get("reference") or "")}

    @staticmethod
    def _status_of(due: Decimal, paid: Decimal) -> str:
        if paid >= due:
            return DuesRecord.Status.PAID
        return DuesRecord.Status.PARTIAL if paid > 0 else DuesRecord.Status.UNPAID

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A "not recorded" line with nothing in it is not a line of the ledger.
        if (row.get("status") or "").strip() == DuesRecord.Status.NOT_RECORDED and instance.pk is None:
            return True
        # A line the ledger already holds as it is (same amounts, same payments in total) writes nothing: the dry run
        # says "skip", so a re-imported export shows as unchanged.
        imported = getattr(instance, "_imported", None)
        if original is not None and original.pk and imported is not None and not import_validation_errors:
            recorded = original.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
            same_line = (instance.amount_due, instance.exempt) == (original.amount_due, original.exempt)
            if same_line and imported["paid"] == recorded:
                return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        imported = getattr(instance, "_imported", None)
        if imported is None:
            return
        recorded = instance.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        if imported["paid"] < recorded:
            raise ValueError(
                _(
                    "Payments of %(recorded)s are already recorded for %(member)s in %(year)s, more than the "
                    "%(paid)s of the file: correct the payments in the administration first."
                )
                % {
                    "recorded": recorded,
                    "member": instance.member.name,
                    "year": instance.year,
                    "paid": imported["paid"],
                }
            )
        if imported["paid"] > recorded:
            DuesPayment.objects.create(
                record=instance,
                amount=imported["paid"] - recorded,
                paid_on=imported["paid_on"],
                method=DuesPayment.Method.NOT_RECORDED,
                reference=imported["reference"].strip()[:100],
            )
