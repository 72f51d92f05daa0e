import csv
import datetime
import io
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin

from common.spreadsheet import neutralise

from . import selectors, services
from .forms import MemberAdminForm, checked_image
from .models import (
    Country,
    DuesPayment,
    DuesRecord,
    DuesReminder,
    DuesYear,
    FocalPoint,
    Member,
    MemberRevision,
    NewsItem,
    Person,
)
from .resources import DUES_COLUMNS, CSVAnyEncoding, DuesRecordResource, MemberResource


def this_year() -> int:
    return timezone.localdate().year


class StandingFilter(admin.SimpleListFilter):
    """Whether the member takes part in activities this year (dues paid, exempt or not recorded)."""

    title = _("takes part this year")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No: a balance is left to pay"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(dues_status__in=selectors.TAKING_PART)
        if self.value() == "no":
            return queryset.exclude(dues_status__in=selectors.TAKING_PART)
        return queryset


class DuesStatusFilter(admin.SimpleListFilter):
    """The dues status, on a queryset annotated by members_with_dues or records_with_dues."""

    title = _("dues this year")
    parameter_name = "dues"

    def lookups(self, request, model_admin):
        return DuesRecord.Status.choices

    def queryset(self, request, queryset):
        if self.value() in DuesRecord.Status.values:
            return queryset.filter(dues_status=self.value())
        return queryset


class RecordStatusFilter(DuesStatusFilter):
    title = _("status")

    def lookups(self, request, model_admin):
        return [choice for choice in DuesRecord.Status.choices if choice[0] != DuesRecord.Status.NOT_RECORDED]


class FocalPointConfirmedFilter(admin.SimpleListFilter):
    title = _("focal point confirmed")
    parameter_name = "focal_point_confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        without = selectors.members_without_confirmed_focal_point().values("pk")
        if self.value() == "yes":
            return queryset.exclude(pk__in=without)
        if self.value() == "no":
            return queryset.filter(pk__in=without)
        return queryset


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ("name", "code", "local_name", "timezone")
    search_fields = ("name", "code")


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ("person",)
    readonly_fields = ("confirmation_requested_at",)


class DuesInline(admin.TabularInline):
    """The member's dues, year by year: its own amount or exemption here, payments through "Record a payment"."""

    model = DuesRecord
    extra = 0
    ordering = ("-year",)
    fields = ("year", "amount_due", "exempt", "note", "status", "paid", "balance", "payments_link")
    readonly_fields = ("status", "paid", "balance", "payments_link")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 30})}}

    def get_queryset(self, request):
        return selectors.records_with_dues(super().get_queryset(request))

    @admin.display(description=_("status"))
    def status(self, obj):
        return DuesRecord.Status(obj.dues_status).label if obj.pk else "—"

    @admin.display(description=_("paid"))
    def paid(self, obj):
        return selectors.format_money(obj.dues_paid) if obj.pk else "—"

    @admin.display(description=_("balance"))
    def balance(self, obj):
        if not obj.pk:
            return "—"
        if obj.dues_status == DuesRecord.Status.EXEMPT:
            return selectors.format_money(Decimal("0"))
        return selectors.format_money(None if obj.dues_due is None else max(obj.dues_due - obj.dues_paid, 0))

    @admin.display(description=_("payments"))
    def payments_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:members_duesrecord_change", args=[obj.pk]), _("payments and receipts")
        )


class MarkYearPaidForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[c for c in DuesPayment.Method.choices if c[0] != DuesPayment.Method.NOT_RECORDED],
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future: record the payment once it is received."))
        return paid_on


def mark_paid_messages(model_admin, request, report, year: int) -> None:
    if report.paid:
        model_admin.message_user(
            request,
            _("Dues of %(year)s recorded as paid: %(lines)s.")
            % {
                "year": year,
                "lines": ", ".join(
                    f"{member.name} ({selectors.format_money(amount)})" for member, amount in report.paid
                ),
            },
            messages.SUCCESS,
        )
    if report.already_paid:
        model_admin.message_user(
            request,
            _("Nothing left to pay: %(members)s.") % {"members": ", ".join(m.name for m in report.already_paid)},
            messages.INFO,
        )
    if report.exempt:
        model_admin.message_user(
            request,
            _("Exempt, left as they were: %(members)s.") % {"members": ", ".join(m.name for m in report.exempt)},
            messages.INFO,
        )
    if report.unknown_amount:
        model_admin.message_user(
            request,
            _(
                "Not recorded, the amount due is not known: %(members)s. Set the amount of %(year)s in “Dues: yearly "
                "amounts” or the member's own amount."
            )
            % {"members": ", ".join(m.name for m in report.unknown_amount), "year": year},
            messages.WARNING,
        )


def mark_paid_view(model_admin, request, members, *, action: str, initial_year: int, back_url: str, year_fixed=False):
    """The form of "mark a year paid": the date, method and reference of the payments it records."""
    if "apply" in request.POST:
        form = MarkYearPaidForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            report = services.dues_mark_paid(
                members=members,
                year=data["year"],
                paid_on=data["paid_on"],
                method=data["method"],
                reference=data["reference"],
                by=request.user,
            )
            mark_paid_messages(model_admin, request, report, data["year"])
            return None
    else:
        form = MarkYearPaidForm(initial={"year": initial_year, "paid_on": timezone.localdate()})
    if year_fixed:
        form.fields["year"].widget = forms.HiddenInput()
    return render(
        request,
        "admin/members/mark_year_paid.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Mark a year's dues paid"),
            "members": members,
            "form": form,
            "action": action,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "opts": model_admin.model._meta,
            "back_url": back_url,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Member)
class MemberAdmin(ImportExportMixin, TranslationAdmin):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    formats = [CSVAnyEncoding]
    import_template_name = "admin/members/import.html"
    list_display = ("name", "country", "primary_focal_point", "dues_this_year")
    list_filter = ("country", "kind", DuesStatusFilter, StandingFilter, FocalPointConfirmedFilter, "is_aimf_member")
    search_fields = ("name", "local_name", "slug", "focal_points__person__full_name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [FocalPointInline, DuesInline]
    list_select_related = ("country",)
    readonly_fields = ("logo_content_type",)
    actions = ["send_focal_point_confirmation", "mark_year_paid"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return selectors.members_with_dues(year=this_year(), queryset=super().get_queryset(request)).prefetch_related(
            Prefetch(
                "focal_points",
                queryset=FocalPoint.objects.filter(is_primary=True).select_related("person"),
                to_attr="primary_focal_points",
            )
        )

    def save_model(self, request, obj, form, change):
        # Edits made in the admin enter the page's history like the focal points' edits.
        before = services.member_page_snapshot(member=Member.objects.get(pk=obj.pk)) if change else None
        if "logo" in form.changed_data:
            obj.logo_name = services.uploaded_name(obj.logo) if obj.logo else ""
        super().save_model(request, obj, form, change)
        if before is not None:
            services.member_revision_record(member=obj, by=request.user, before=before)

    @admin.display(description=_("focal point"))
    def primary_focal_point(self, obj):
        focal_points = getattr(obj, "primary_focal_points", [])
        if not focal_points:
            return format_html('<span class="rvase-warning">{}</span>', _("none named"))
        focal_point = focal_points[0]
        if focal_point.confirmed_on:
            confirmed = _("confirmed on %(date)s") % {
                "date": date_format(focal_point.confirmed_on, "SHORT_DATE_FORMAT")
            }
            return format_html('{}<br><span class="rvase-muted">{}</span>', focal_point.person, confirmed)
        return format_html('{}<br><span class="rvase-warning">{}</span>', focal_point.person, _("not confirmed"))

    @admin.display(description=_("dues this year"), ordering="dues_status")
    def dues_this_year(self, obj):
        line = selectors.DuesLine(
            member=obj, year=this_year(), status=obj.dues_status, due=obj.dues_due, paid=obj.dues_paid
        )
        css = {
            DuesRecord.Status.NOT_RECORDED: "rvase-muted",
            DuesRecord.Status.PAID: "rvase-ok",
            DuesRecord.Status.EXEMPT: "rvase-ok",
        }.get(line.status, "rvase-warning")
        if line.status in (DuesRecord.Status.PARTIAL, DuesRecord.Status.UNPAID) and line.balance:
            detail = _("%(balance)s left") % {"balance": selectors.format_money(line.balance)}
            return format_html(
                '<span class="{}">{}</span><br><span class="rvase-muted">{}</span>', css, line.status_label, detail
            )
        return format_html('<span class="{}">{}</span>', css, line.status_label)

    @admin.action(description=_("Send the focal-point confirmation request"))
    def send_focal_point_confirmation(self, request, queryset):
        sent, without_address, confirmed, without_focal_point = [], [], [], []
        for member in queryset.prefetch_related("focal_points__person__user"):
            focal_points = [fp for fp in member.focal_points.all() if fp.is_primary]
            if not focal_points:
                without_focal_point.append(member.name)
            elif focal_points[0].confirmed_on:
                confirmed.append(member.name)
            elif services.focal_point_request_confirmation(focal_point=focal_points[0], by=request.user):
                sent.append(member.name)
            else:
                without_address.append(member.name)
        if sent:
            self.message_user(request, _("Confirmation request sent to: %s.") % ", ".join(sent), messages.SUCCESS)
        if confirmed:
            self.message_user(request, _("Already confirmed: %s.") % ", ".join(confirmed), messages.INFO)
        if without_focal_point:
            self.message_user(
                request, _("No focal point named yet for: %s.") % ", ".join(without_focal_point), messages.WARNING
            )
        if without_address:
            self.message_user(
                request, _("The focal point has no e-mail address: %s.") % ", ".join(without_address), messages.WARNING
            )

    @admin.action(description=_("Mark a year's dues paid"))
    def mark_year_paid(self, request, queryset):
        return mark_paid_view(
            self,
            request,
            list(queryset.order_by("name")),
            action="mark_year_paid",
            initial_year=this_year(),
            back_url=reverse("admin:members_member_changelist"),
        )


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = ("full_name", "honorific", "title", "member", "is_official", "user")
    list_filter = ("is_official", "member__country", "member")
    search_fields = ("full_name", "title", "organisation", "email")
    list_select_related = ("member", "user")
    autocomplete_fields = ("member", "user")


@admin.register(DuesYear)
class DuesYearAdmin(admin.ModelAdmin):
    list_display = ("year", "amount_display", "due_on", "reminder_days", "unrecorded_counts_as_unpaid", "overview")
    fields = ("year", "amount", "due_on", "reminder_days", "unrecorded_counts_as_unpaid")

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # Members' lines without their own amount owe the year's: the year stays while they exist.
        if obj is not None and DuesRecord.objects.filter(year=obj.year, amount_due__isnull=True).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("amount per member"), ordering="amount")
    def amount_display(self, obj):
        return selectors.format_money(obj.amount)

    @admin.display(description=_("overview"))
    def overview(self, obj):
        url = reverse("admin:members_duesrecord_overview") + f"?year={obj.year}"
        return format_html('<a href="{}">{}</a>', url, _("overview of the year"))


class PaymentInline(admin.TabularInline):
    """Payments of a member's year, read here; recorded through "Record a payment" (the balance is checked there)."""

    model = DuesPayment
    extra = 0
    fields = ("receipt_number", "amount_display", "paid_on", "method", "reference", "recorded_by", "receipt")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("record__member", "recorded_by")

    @admin.display(description=_("receipt no."))
    def receipt_number(self, obj):
        return obj.number

    @admin.display(description=_("amount"))
    def amount_display(self, obj):
        return selectors.format_money(obj.amount)

    @admin.display(description=_("receipt"))
    def receipt(self, obj):
        return format_html('<a href="{}">{}</a>', receipt_url(obj), _("receipt (PDF)"))


def receipt_url(payment: DuesPayment) -> str:
    return reverse("members:dues-receipt", kwargs={"slug": payment.record.member.slug, "pk": payment.pk})


@admin.register(DuesRecord)
class DuesRecordAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [DuesRecordResource]
    formats = [CSVAnyEncoding]
    import_template_name = "admin/members/import.html"
    list_display = ("member", "year", "status", "due", "paid", "balance")
    list_filter = ("year", RecordStatusFilter, "exempt", "member__country")
    search_fields = ("member__name", "payments__reference")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
    fields = ("member", "year", "amount_due", "exempt", "note", "totals")
    readonly_fields = ("totals",)
    inlines = [PaymentInline]
    actions = ["mark_paid"]
    change_list_template = "admin/members/duesrecord/change_list.html"
    change_form_template = "admin/members/duesrecord/change_form.html"

    def get_queryset(self, request):
        return selectors.records_with_dues(super().get_queryset(request)).prefetch_related("payments")

    def get_readonly_fields(self, request, obj=None):
        # The member and year of a line with payments stay what the receipts say.
        if obj is not None and obj.payments.exists():
            return ("member", "year", "totals")
        return self.readonly_fields

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("overview/", view(self.overview_view), name="members_duesrecord_overview"),
            path("overview/export/", view(self.export_year_view), name="members_duesrecord_export_year"),
            *super().get_urls(),
        ]

    @admin.display(description=_("status"), ordering="dues_status")
    def status(self, obj):
        return DuesRecord.Status(obj.dues_status).label

    @admin.display(description=_("due"), ordering="dues_due")
    def due(self, obj):
        return selectors.format_money(obj.dues_due)

    @admin.display(description=_("paid"), ordering="dues_paid")
    def paid(self, obj):
        return selectors.format_money(obj.dues_paid)

    @admin.display(description=_("balance"))
    def balance(self, obj):
        if obj.dues_status == DuesRecord.Status.EXEMPT:
            return selectors.format_money(Decimal("0"))
        return selectors.format_money(None if obj.dues_due is None else max(obj.dues_due - obj.dues_paid, 0))

    @admin.display(description=_("totals"))
    def totals(self, obj):
        if not obj.pk:
            return "—"
        annotated = selectors.records_with_dues(DuesRecord.objects.filter(pk=obj.pk)).get()
        return _("%(status)s — due %(due)s, paid %(paid)s, balance %(balance)s") % {
            "status": DuesRecord.Status(annotated.dues_status).label,
            "due": selectors.format_money(annotated.dues_due),
            "paid": selectors.format_money(annotated.dues_paid),
            "balance": self.balance(annotated),
        }

    def _year(self, request) -> int:
        try:
            return int(request.GET.get("year", this_year()))
        except ValueError:
            return this_year()

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = self._year(request)
        years = sorted(
            set(DuesRecord.objects.values_list("year", flat=True))
            | set(DuesYear.objects.values_list("year", flat=True))
            | {this_year()},
            reverse=True,
        )
        return TemplateResponse(
            request,
            "admin/members/duesrecord/overview.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Dues overview for %(year)s") % {"year": year},
                "overview": selectors.dues_overview(year=year),
                "years": years,
                "opts": self.model._meta,
                "changelist_url": reverse("admin:members_duesrecord_changelist"),
            },
        )

    def export_year_view(self, request):
        """The year's dues as CSV, one line per member (those with nothing recorded too), in the import's format."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = self._year(request)
        response = HttpResponse(
            "\ufeff" + dues_year_csv(overview=selectors.dues_overview(year=year)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="rvase-dues-{year}.csv"'
        return response

    @admin.action(description=_("Mark the selected lines paid in full"))
    def mark_paid(self, request, queryset):
        records = list(queryset.select_related("member").order_by("year", "member__name"))
        years = {record.year for record in records}
        if len(years) != 1:
            self.message_user(request, _("Select lines of one year at a time."), messages.ERROR)
            return None
        return mark_paid_view(
            self,
            request,
            [record.member for record in records],
            action="mark_paid",
            initial_year=years.pop(),
            back_url=reverse("admin:members_duesrecord_changelist"),
            year_fixed=True,
        )


def dues_year_csv(*, overview: dict) -> str:
    """One line per member for the year, with the columns of the dues import (members.resources.DUES_COLUMNS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DUES_COLUMNS)
    records = {
        record.member_id: record
        for record in DuesRecord.objects.filter(year=overview["year"]).prefetch_related("payments")
    }
    for line in overview["lines"]:
        record = records.get(line.member.pk)
        payments = sorted(record.payments.all(), key=lambda p: (p.paid_on is None, p.paid_on, p.pk)) if record else []
        dated = [p.paid_on for p in payments if p.paid_on]
        writer.writerow(
            [
                line.member.slug,
                neutralise(line.member.name),
                line.year,
                overview["currency"],
                "" if line.due is None or line.status == DuesRecord.Status.NOT_RECORDED else line.due,
                line.paid,
                "" if line.balance is None else line.balance,
                line.status,
                max(dated).isoformat() if dated else "",
                neutralise(" / ".join(p.reference for p in payments if p.reference)),
            ]
        )
    return buffer.getvalue()


class PaymentForm(forms.Form):
    """What the coordinator types to record a payment; the balance is checked by the service."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.order_by("name"))
    year = forms.IntegerField(label=_("Year of the dues"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(label=_("Amount"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    method = forms.ChoiceField(
        label=_("Method"), choices=[c for c in DuesPayment.Method.choices if c[0] != DuesPayment.Method.NOT_RECORDED]
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("Bank reference, cheque number, receipt book…"),
    )


@admin.register(DuesPayment)
class DuesPaymentAdmin(admin.ModelAdmin):
    list_display = ("receipt_number", "member", "year", "amount_display", "paid_on", "method", "reference", "receipt")
    list_display_links = ("receipt_number",)
    list_filter = ("record__year", "method", "record__member__country")
    search_fields = ("record__member__name", "reference")
    list_select_related = ("record__member", "recorded_by")
    date_hierarchy = "paid_on"
    fields = ("record", "amount_display", "paid_on", "method", "reference", "recorded_by", "recorded_at", "receipt")
    readonly_fields = ("record", "amount_display", "recorded_by", "recorded_at", "receipt")

    @admin.display(description=_("receipt no."), ordering="pk")
    def receipt_number(self, obj):
        return obj.number

    @admin.display(description=_("member"), ordering="record__member__name")
    def member(self, obj):
        return obj.record.member

    @admin.display(description=_("year"), ordering="record__year")
    def year(self, obj):
        return obj.record.year

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return selectors.format_money(obj.amount)

    @admin.display(description=_("receipt"))
    def receipt(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', receipt_url(obj), _("PDF"))

    def add_view(self, request, form_url="", extra_context=None):
        """Record a payment: the amount is checked against the balance, errors are shown next to their field and
        nothing is saved until everything is right."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {"year": this_year(), "paid_on": timezone.localdate(), "method": DuesPayment.Method.TRANSFER}
        for name in ("member", "year"):
            if request.GET.get(name, "").isdigit():
                initial[name] = int(request.GET[name])
        form = PaymentForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                payment = services.dues_payment_record(by=request.user, **data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.log_addition(request, payment, [{"added": {}}])
                line = selectors.member_dues(member=data["member"], year=data["year"])
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Payment of %(amount)s recorded for %(member)s (%(year)s): %(status)s, balance %(balance)s.")
                        % {
                            "amount": selectors.format_money(payment.amount),
                            "member": data["member"].name,
                            "year": data["year"],
                            "status": line.status_label.lower(),
                            "balance": selectors.format_money(line.balance),
                        },
                        receipt_url(payment),
                        _("Download the receipt (PDF)"),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    request.POST.get("next") or reverse("admin:members_duesrecord_change", args=[payment.record_id])
                )
        return TemplateResponse(
            request,
            "admin/members/duespayment/record.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Record a payment"),
                "form": form,
                "opts": self.model._meta,
                "next": request.GET.get("next", ""),
                "currency": selectors.format_money(Decimal("0")).split()[-1],
            },
        )


@admin.register(DuesReminder)
class DuesReminderAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "days_after", "balance", "sent_at")
    list_filter = ("year",)
    list_select_related = ("member",)
    fields = ("member", "year", "days_after", "balance", "recipients", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConfirmationFilter(admin.SimpleListFilter):
    """Where a focal point's confirmation stands: what the dashboard counts."""

    title = _("confirmation")
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [
            ("old", _("Confirmed more than a year ago")),
            ("requested", _("Request sent, waiting")),
            ("expired", _("Request expired")),
            ("never", _("Never asked")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        valid_since = now - datetime.timedelta(days=settings.FOCAL_POINT_CONFIRMATION_DAYS)
        year_ago = timezone.localdate() - datetime.timedelta(days=365)
        unconfirmed = queryset.filter(confirmed_on__isnull=True)
        return {
            "old": queryset.filter(confirmed_on__lt=year_ago),
            "requested": unconfirmed.filter(confirmation_requested_at__gte=valid_since),
            "expired": unconfirmed.filter(confirmation_requested_at__lt=valid_since),
            "never": unconfirmed.filter(confirmation_requested_at__isnull=True),
        }.get(self.value(), queryset)


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("member", "person", "is_primary", "is_confirmed", "confirmed_on", "confirmation_requested_at")
    list_filter = ("is_primary", ConfirmationFilter, ("confirmed_on", admin.EmptyFieldListFilter))
    list_select_related = ("member", "person")
    search_fields = ("member__name", "person__full_name")
    autocomplete_fields = ("member", "person")

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed_on is not None


@admin.register(MemberRevision)
class MemberRevisionAdmin(admin.ModelAdmin):
    list_display = ("member", "created_at", "author")
    list_filter = ("member",)
    list_select_related = ("member", "author")
    readonly_fields = ("member", "author", "created_at", "changes", "snapshot", "restored_from")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewsItemAdminForm(forms.ModelForm):
    link = forms.URLField(label=_("link"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = NewsItem
        fields = ("member", "title", "text", "image", "link", "themes", "status")

    def clean_image(self):
        # The coordinator's uploads are checked by content like the focal points'.
        image = self.cleaned_data.get("image")
        checked, content_type = checked_image(image, current=self.instance.image)
        if content_type:
            self.instance.image_content_type = content_type
        elif not image:
            self.instance.image_content_type = ""
        return checked

    def clean(self):
        data = super().clean()
        # Publishing here records the moment (and, in save_model, who); unpublishing forgets both.
        self.publishing = data.get("status") == NewsItem.Status.PUBLISHED and self.instance.published_at is None
        if self.publishing:
            self.instance.published_at = timezone.now()
        elif data.get("status") and data["status"] != NewsItem.Status.PUBLISHED:
            self.instance.published_at = None
            self.instance.published_by = None
        return data


@admin.register(NewsItem)
class NewsItemAdmin(TranslationAdmin):
    form = NewsItemAdminForm
    list_display = ("title", "member", "status", "published_at", "author", "created_at")
    list_filter = ("status", "member", "themes")
    list_select_related = ("member", "author")
    filter_horizontal = ("themes",)
    search_fields = ("title", "text", "member__name")
    autocomplete_fields = ("member",)
    readonly_fields = ("author", "submitted_at", "published_at", "published_by", "created_at", "updated_at")
    fields = (
        "member",
        "title",
        "text",
        "image",
        "link",
        "themes",
        "status",
        "author",
        "submitted_at",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )
    actions = ["publish", "unpublish"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        if form.publishing:
            obj.published_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected news"))
    def publish(self, request, queryset):
        for item in queryset:
            services.news_publish(item=item, by=request.user)
        self.message_user(request, _("%(count)d news item(s) published.") % {"count": len(queryset)}, messages.SUCCESS)

    @admin.action(description=_("Take the selected news off the site"))
    def unpublish(self, request, queryset):
        for item in queryset:
            services.news_unpublish(item=item, by=request.user)
        self.message_user(
            request, _("%(count)d news item(s) taken off the site.") % {"count": len(queryset)}, messages.SUCCESS
        )
