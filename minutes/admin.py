from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors, services, tasks
from .models import (
    CirculationEmail,
    Decision,
    FollowUp,
    Minutes,
    MinutesAttendee,
    MinutesVersion,
    StoredPDF,
)


class ReadOnly:
    """Rows the site writes (approved versions, rendered PDFs, circulation e-mails): read here, never changed."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _version_links(version: MinutesVersion) -> str:
    return format_html(
        '<a href="{}">{}</a> · <a href="{}">PDF</a>', version.get_absolute_url(), _("page"), version.get_pdf_url()
    )


class AttendeeInline(admin.TabularInline):
    model = MinutesAttendee
    extra = 0
    autocomplete_fields = ("person", "member")
    fields = ("person", "member", "presence", "note", "order")


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    autocomplete_fields = ("actions",)
    fields = (("section", "number", "kind"), "title", "text", "actions")


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ("owner_person", "owner_member")
    fields = ("number", "text", "owner_person", "owner_member", "owner_label", "due_on", "done_on")


class MinutesVersionInline(admin.TabularInline):
    model = MinutesVersion
    extra = 0
    fields = ("number", "approved_on", "approved_by", "archived_as", "links")
    readonly_fields = fields
    ordering = ("-number",)
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("read and download"))
    def links(self, version: MinutesVersion) -> str:
        return _version_links(version)


class CirculationEmailInline(admin.TabularInline):
    """Who each circulation was e-mailed to, and when: written by the sending task, read here."""

    model = CirculationEmail
    extra = 0
    fields = ("circulation", "address", "sent_at")
    readonly_fields = fields
    can_delete = False
    classes = ("collapse",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _report_pdf_failures(request, event) -> None:
    """The "message in the admin" when a PDF of this event could not be rendered."""
    for failure in selectors.pdf_failures(event=event):
        messages.warning(
            request,
            _("The PDF “%(pdf)s” could not be rendered (%(when)s): %(error)s. %(kept)s")
            % {
                "pdf": failure,
                "when": date_format(timezone.localtime(failure.failed_at), "SHORT_DATETIME_FORMAT")
                if failure.failed_at
                else "",
                "error": failure.error[:200],
                "kept": _("The PDF rendered before stays available.")
                if failure.file
                else _("Members cannot download it yet."),
            },
        )


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    """The coordination writes the text here; circulating and approving happen on the minutes page of the site."""

    list_display = ("event", "status", "circulated_on", "approved_on", "current_version", "edited_at")
    list_filter = ("status",)
    search_fields = ("event__title", "summary")
    inlines = [AttendeeInline, DecisionInline, FollowUpInline, MinutesVersionInline, CirculationEmailInline]
    list_select_related = ("event", "current_version")
    # Written by the workflow on the site, shown here.
    workflow = (
        "status",
        "circulated_on",
        "approved_on",
        "current_version",
        "archive_document",
        "edited_by",
        "edited_at",
    )
    readonly_fields = (*workflow, "site_page")
    fieldsets = (
        (None, {"fields": ("event", "summary", "site_page")}),
        (
            _("Workflow"),
            {
                "fields": workflow,
                "description": _(
                    "Circulate the minutes to the attendees and approve them on the minutes page of the site. "
                    "Changing approved minutes puts them back in draft: the approved version stays what members "
                    "read until the change is approved as the next version."
                ),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "event") if obj is not None else self.readonly_fields

    @admin.display(description=_("on the site"))
    def site_page(self, minutes: Minutes) -> str:
        if not minutes.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', minutes.get_absolute_url(), _("Open the minutes page (circulate, approve, comments)")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if permissions.can_manage_minutes(request.user):
            minutes = services.minutes_edited(minutes=form.instance, by=request.user)
            if change and minutes.status == Minutes.Status.DRAFT and minutes.current_version_id:
                messages.info(
                    request,
                    _(
                        "The text now differs from the approved version %(number)s, which members keep reading "
                        "until you circulate and approve the change."
                    )
                    % {"number": minutes.current_version.number},
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            minutes = Minutes.objects.select_related("event").filter(pk=object_id).first()
            if minutes is not None:
                _report_pdf_failures(request, minutes.event)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(MinutesVersion)
class MinutesVersionAdmin(ReadOnly, admin.ModelAdmin):
    """Approved versions are frozen: read here, never changed."""

    list_display = ("minutes", "number", "approved_on", "approved_by", "archived_as", "pdf_state")
    list_select_related = ("minutes__event", "approved_by", "archived_as")
    list_filter = ("minutes__event",)
    fields = ("minutes", "number", "approved_on", "approved_at", "approved_by", "archived_as", "fingerprint", "links")
    readonly_fields = fields
    actions = ["render_again", "archive"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content").prefetch_related("pdfs")

    @admin.display(description=_("PDF"))
    def pdf_state(self, version: MinutesVersion) -> str:
        rows = list(version.pdfs.all())
        if not rows:
            return _("rendered at the first download")
        return ", ".join(
            f"{row.language}: " + (_("failed") if row.error else _("ready") if row.file else _("not rendered"))
            for row in rows
        )

    @admin.display(description=_("read and download"))
    def links(self, version: MinutesVersion) -> str:
        return _version_links(version)

    @admin.action(description=_("Render the PDFs again"))
    def render_again(self, request, queryset):
        for version in queryset:
            tasks.render_minutes_version.delay(version_id=version.pk, force=True)
        self.message_user(request, _("The PDFs are being rendered again; the current ones stay until then."))

    @admin.action(description=_("File in the document archive"))
    def archive(self, request, queryset):
        if not permissions.can_manage_minutes(request.user):
            raise PermissionDenied
        filed = 0
        for version in queryset.select_related("minutes__event"):
            if services.minutes_version_archive(version=version, by=request.user) is not None:
                filed += 1
            else:
                self.message_user(
                    request,
                    _("%(version)s: the PDF could not be rendered, nothing was filed.") % {"version": version},
                    messages.ERROR,
                )
        if filed:
            self.message_user(request, _("%(count)d versions are in the document archive.") % {"count": filed})


@admin.register(StoredPDF)
class StoredPDFAdmin(ReadOnly, admin.ModelAdmin):
    """Rendered PDFs, and the last rendering error of each: where the coordination sees what failed."""

    list_display = ("__str__", "kind", "language", "size", "rendered_at", "render_seconds", "failed_at", "short_error")
    list_filter = ("kind", "language", ("failed_at", admin.EmptyFieldListFilter))
    list_select_related = ("event", "version__minutes__event")
    fields = (
        "kind",
        "event",
        "version",
        "language",
        "size",
        "rendered_at",
        "render_seconds",
        "source_hash",
        "failed_at",
        "error",
    )
    readonly_fields = fields

    @admin.display(description=_("last error"))
    def short_error(self, row: StoredPDF) -> str:
        return row.error[:120]
