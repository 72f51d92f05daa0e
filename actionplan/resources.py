"""The action plan as a CSV file: one format, for export and import alike (django-import-export).

A file exported from a plan imports back unchanged (every line "unchanged"), and exporting again gives the same
bytes. Columns are fixed and do not depend on the reader's language: statuses are their stored values
(``in_progress``), axes their number, members and themes their slugs, partners their names; several of them are
separated by semicolons. Every line is checked before anything is written: one wrong line, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.results import RowResult

from common.spreadsheet import BOM, neutralised_dataset, restore
from members.models import Member

from .models import MAX_ACTION_NUMBER, Action, ActionPlan, Axis, Partner, ProgressUpdate, Theme

COLUMNS = [
    "plan",
    "number",
    "axis",
    "status",
    "activities",
    "current_state",
    "planned_activities",
    "proposals",
    "members",
    "themes",
    "partners",
]
COLUMN_HELP = {
    "plan": gettext_lazy("Year of the plan; every line of the file must name the plan it is imported into."),
    "number": gettext_lazy(
        "Number of the action in the plan. An existing number updates that action, a new one creates it."
    ),
    "axis": gettext_lazy("Number of one of the plan's axes."),
    "status": format_lazy(gettext_lazy("One of: {values}."), values=", ".join(Action.Status.values)),
    "activities": gettext_lazy("“Activités” column of the plan (required)."),
    "current_state": gettext_lazy("“État des lieux” column."),
    "planned_activities": gettext_lazy("“Activités prévues” column."),
    "proposals": gettext_lazy("“Propositions” column."),
    "members": gettext_lazy("Members involved, by slug (e.g. phnom-penh; hue), separated by semicolons."),
    "themes": gettext_lazy("Themes, by slug, separated by semicolons."),
    "partners": gettext_lazy("Partners, by name as in the partner list, separated by semicolons."),
}
SEPARATOR = ";"


class PlanWidget(widgets.Widget):
    """The plan by year; only the plan being imported into is accepted."""

    def __init__(self, plan: ActionPlan):
        self.plan = plan
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        if str(value).strip() != str(self.plan.year):
            raise ValueError(
                _("This line is for plan “%(value)s”, not %(year)s.") % {"value": value, "year": self.plan.year}
            )
        return self.plan

    def render(self, value, obj=None, **kwargs):
        return str(value.year) if value else ""


class ActionNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_ACTION_NUMBER:
            raise ValueError(
                _("“%(value)s” is not an action number (a whole number from 1 to %(max)s).")
                % {"value": value, "max": MAX_ACTION_NUMBER}
            )
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return str(value)


class AxisWidget(widgets.Widget):
    """An axis of the plan, by its number."""

    def __init__(self, plan: ActionPlan):
        self.axes = {str(axis.number): axis for axis in Axis.objects.filter(plan=plan)}
        self.plan = plan
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        axis = self.axes.get(str(value).strip())
        if axis is None:
            raise ValueError(
                _("Unknown axis “%(value)s”: %(plan)s has axes %(axes)s.")
                % {"value": value, "plan": self.plan, "axes": ", ".join(sorted(self.axes, key=int)) or "—"}
            )
        return axis

    def render(self, value, obj=None, **kwargs):
        return str(value.number) if value else ""


class StatusWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value).strip()
        if text not in Action.Status.values:
            raise ValueError(
                _("Unknown status “%(value)s”: use one of %(values)s.")
                % {"value": value, "values": ", ".join(Action.Status.values)}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class TextWidget(widgets.CharWidget):
    """Text as typed; spreadsheets' Windows line ends are brought back to the database's."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).replace("\r\n", "\n").replace("\r", "\n")


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Like ManyToManyWidget, but a name that matches nothing is an error instead of being silently dropped."""

    def __init__(self, model, field: str, unknown_message: str):
        super().__init__(model, separator=SEPARATOR, field=field)
        self.unknown_message = unknown_message
        self._known = None

    def known(self) -> dict:
        if self._known is None:
            self._known = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        return self._known

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator)]
        names = list(dict.fromkeys(name for name in names if name))
        unknown = [name for name in names if name not in self.known()]
        if unknown:
            raise ValueError(self.unknown_message % {"names": ", ".join(f"“{name}”" for name in unknown)})
        return [self.known()[name] for name in names]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(sorted(str(getattr(item, self.field)) for item in value.all()))


class ActionResource(resources.ModelResource):
    """The actions of one plan. `by` is the coordinator importing: status changes go to the actions' history."""

    def __init__(self, *, plan: ActionPlan, by=None, file_lines: list[int] | None = None):
        super().__init__()
        self.plan = plan
        self.by = by
        self.file_lines = file_lines or []
        self.seen_numbers: dict[int, int] = {}
        self.row_identity_errors: dict[str, ValidationError] = {}
        self.status_before: str | None = None
        self.fields["plan"] = fields.Field(attribute="plan", column_name="plan", widget=PlanWidget(plan))
        self.fields["number"] = fields.Field(attribute="number", column_name="number", widget=ActionNumberWidget())
        self.fields["axis"] = fields.Field(attribute="axis", column_name="axis", widget=AxisWidget(plan))
        self.fields["status"] = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
        # The plan's file is its record: the French columns, whatever language the coordinator reads the admin in
        # (the English translations are edited in the admin, issue 21).
        for name in ("activities", "current_state", "planned_activities", "proposals"):
            self.fields[name] = fields.Field(attribute=f"{name}_fr", column_name=name, widget=TextWidget())
        self.fields["members"] = fields.Field(
            attribute="members",
            column_name="members",
            widget=StrictManyToManyWidget(Member, "slug", _("Unknown member(s): %(names)s (use the members' slugs).")),
        )
        self.fields["themes"] = fields.Field(
            attribute="themes",
            column_name="themes",
            widget=StrictManyToManyWidget(Theme, "slug", _("Unknown theme(s): %(names)s (use the themes' slugs).")),
        )
        self.fields["partners"] = fields.Field(
            attribute="partners",
            column_name="partners",
            widget=StrictManyToManyWidget(Partner, "name_fr", _("Unknown partner(s): %(names)s.")),
        )

    class Meta:
        model = Action
        fields = COLUMNS
        import_order = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["plan", "number"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = True

    def get_queryset(self):
        return (
            Action.objects.filter(plan=self.plan)
            .select_related("plan", "axis")
            .prefetch_related("members", "themes", "partners")
            .order_by("number")
        )

    # ---- import ---------------------------------------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        """Check the line's identity (plan, number) first: with a wrong one, the line is only reported."""
        self.row_identity_errors = {}
        for name in ("plan", "number"):
            try:
                self.fields[name].clean(row)
            except ValueError as error:
                self.row_identity_errors[name] = ValidationError(str(error), code="invalid")
        if not self.row_identity_errors:
            number = self.fields["number"].clean(row)
            line = self.line_of(kwargs.get("row_number", 0))
            if number in self.seen_numbers:
                self.row_identity_errors["number"] = ValidationError(
                    _("Number %(number)s is already used on line %(line)s of the file.")
                    % {"number": number, "line": self.seen_numbers[number]},
                    code="duplicate",
                )
            else:
                self.seen_numbers[number] = line

    def line_of(self, row_number: int) -> int:
        """The file's line of the dataset's row `row_number` (1-based): the header is line 1."""
        if 0 < row_number <= len(self.file_lines):
            return self.file_lines[row_number - 1]
        return row_number + 1

    def get_instance(self, instance_loader, row):
        if self.row_identity_errors:
            return None
        return super().get_instance(instance_loader, row)

    def after_init_instance(self, instance, new, row, **kwargs):
        self.status_before = None if new else instance.status

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in self.row_identity_errors:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Every column of the line is checked, the many-to-many ones included, and reported together."""
        errors = dict(self.row_identity_errors)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.error_dict)
        for resource_field in self.get_import_fields():
            if isinstance(resource_field.widget, widgets.ManyToManyWidget) and resource_field.column_name in row:
                try:
                    resource_field.clean(row)
                except ValueError as error:
                    errors[resource_field.attribute] = ValidationError(str(error), code="invalid")
        # The French "Activités" is required (the model checks the plain field, which reads the active language's).
        if "activities" in row and not (instance.activities_fr or "").strip():
            blank = Action._meta.get_field("activities").error_messages["blank"]
            errors.setdefault("activities", ValidationError(blank, code="blank"))
        if errors:
            # Errors named by the file's columns (a French column's attribute is `<column>_fr`).
            raise ValidationError({_column_of(name): error for name, error in errors.items()})

    def after_save_instance(self, instance, row, **kwargs):
        if self.status_before is not None and self.status_before != instance.status:
            now = timezone.now()
            ProgressUpdate.objects.create(
                action=instance,
                date=timezone.localdate(),
                author=self.by,
                proposed_status=instance.status,
                previous_status=self.status_before,
                applied_status=instance.status,
                review=ProgressUpdate.Review.ACCEPTED,
                reviewed_by=self.by,
                reviewed_at=now,
            )


def _column_of(attribute: str) -> str:
    column = attribute.removesuffix("_fr")
    return column if column in COLUMNS else attribute


# ---- the file ---------------------------------------------------------------------------------------------------


def plan_csv_filename(*, plan: ActionPlan) -> str:
    return f"plan-{plan.year}.csv"


def export_plan_csv(*, plan: ActionPlan) -> bytes:
    resource = ActionResource(plan=plan)
    dataset = resource.export(resource.get_queryset())
    # "- visite de terrain" or "=…" in a column is text, not a formula, in a spreadsheet (common.spreadsheet).
    return (BOM + neutralised_dataset(dataset).csv).encode("utf-8")


@dataclass
class ImportLine:
    line: int
    number: str
    outcome: str  # new, update, skip (unchanged), invalid, error
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PlanImportReport:
    plan: ActionPlan
    dry_run: bool
    lines: list[ImportLine] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    imported: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(line.errors for line in self.lines)

    @property
    def error_lines(self) -> list[ImportLine]:
        return [line for line in self.lines if line.errors]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_NEW)

    @property
    def updated(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_SKIP)

    @property
    def changes(self) -> int:
        return self.new + self.updated


def read_plan_csv(content: bytes) -> tuple[tablib.Dataset | None, list[int], list[str]]:
    """The file as a dataset with the file line of each of its rows, or the reasons it cannot be read."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [], [_("The file is not encoded in UTF-8: save it again as “CSV UTF-8”.")]
    if not text.strip():
        return None, [], [_("The file is empty.")]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return None, [], [_("The file is not a valid CSV file: %(error)s.") % {"error": error}]
    headers = [header.strip() for header in rows[0]]
    missing = [column for column in COLUMNS if column not in headers]
    unknown = [header for header in headers if header not in COLUMNS]
    errors = []
    if missing:
        errors.append(_("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
    if unknown:
        errors.append(_("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)})
    if len(set(headers)) != len(headers):
        errors.append(_("A column appears twice in the first line."))
    if errors:
        errors.append(_("The first line must be: %(columns)s.") % {"columns": ",".join(COLUMNS)})
        return None, [], errors
    dataset = tablib.Dataset(headers=headers)
    file_lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets often leave empty lines at the end
        if len(row) != len(headers):
            errors.append(
                _("Line %(line)s has %(found)s cells instead of %(expected)s.")
                % {"line": number, "found": len(row), "expected": len(headers)}
            )
            continue
        dataset.append([restore(cell) for cell in row])
        file_lines.append(number)
    if errors:
        return None, [], errors
    if not len(dataset):
        return None, [], [_("The file has no action: only its first line.")]
    return dataset, file_lines, []


def import_plan_csv(*, plan: ActionPlan, content: bytes, by, dry_run: bool) -> PlanImportReport:
    """Check (dry run) or import a plan's CSV. Any wrong line, and nothing at all is written."""
    report = PlanImportReport(plan=plan, dry_run=dry_run)
    dataset, file_lines, report.file_errors = read_plan_csv(content)
    if dataset is None:
        return report
    resource = ActionResource(plan=plan, by=by, file_lines=file_lines)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    report.file_errors += [str(error.error) for error in result.base_errors]
    for index, (values, row_result) in enumerate(zip(dataset.dict, result.rows, strict=False)):
        line = resource.line_of(index + 1)
        errors: list[tuple[str, str]] = []
        if row_result.validation_error is not None:
            for column, messages in _error_dict(row_result.validation_error).items():
                label = column if column in COLUMNS else ""
                errors += [(label, message) for message in messages]
        for error in row_result.errors:
            errors.append(("", str(error.error)))
        report.lines.append(
            ImportLine(line=line, number=str(values.get("number", "")), outcome=row_result.import_type, errors=errors)
        )
    report.imported = not dry_run and not report.has_errors
    return report


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    try:
        return error.message_dict
    except AttributeError:
        return {"": error.messages}
