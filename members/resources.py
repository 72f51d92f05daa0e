"""CSV import and export of members and of the dues ledger (django-import-export)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV
from import_export.widgets import DecimalWidget, ForeignKeyWidget

from common.spreadsheet import neutralised_dataset, restored_dataset

from .models import Country, DuesRecord, Member


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


class DuesRecordResource(StrictHeadersMixin, resources.ModelResource):
    member = fields.Field(attribute="member", column_name="member", widget=NaturalKeyWidget(Member, field="slug"))
    amount_due = fields.Field(attribute="amount_due", column_name="amount_due", widget=PlainDecimalWidget())
    amount_paid = fields.Field(attribute="amount_paid", column_name="amount_paid", widget=PlainDecimalWidget())
    required_columns = ("member", "year", "status")

    class Meta:
        model = DuesRecord
        import_id_fields = ("member", "year")
        fields = ("member", "year", "amount_due", "amount_paid", "status", "paid_on", "reference")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
