from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.parsing import parse_positive_int
from common.spreadsheet import csv_bytes

from . import services
from .admin_forms import EventAdminForm, SessionInlineForm, SessionInlineFormSet, save_programme, zone_of_host
from .models import (
    CalendarFeedToken,
    Event,
    HostingCandidature,
    Registration,
    Session,
    SessionSpeaker,
    StandingOverride,
    is_known_timezone,
)


class EventTimezoneMixin:
    """Date and time fields of an event are typed and shown in the event's own zone, not the admin's.

    Without this, "09:00" typed for the Cotonou congress would be 09:00 in Phnom Penh (03:00 in Cotonou).
    """

    def event_timezone_for(self, request, object_id) -> str:
        return settings.TIME_ZONE

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.event_timezone_for(request, object_id)
        extra_context = {**(extra_context or {}), "event_timezone": zone}
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response


class SessionInline(TranslationTabularInline):
    """The programme, typed in the event's form: rows are numbered in the order typed, times are optional."""

    model = Session
    form = SessionInlineForm
    formset = SessionInlineFormSet
    fields = ("order", "title", "kind", "day", "start_time", "end_time")

    def get_extra(self, request, obj=None, **kwargs):
        # A new event gets three empty rows: its programme is typed in the same submit.
        return 3 if obj is None else 1


class StandingOverrideInline(admin.TabularInline):
    model = StandingOverride
    extra = 0
    fields = ("member", "reason", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")
    autocomplete_fields = ("member",)
    verbose_name = _("exception to the dues rule (member allowed to register although not in good standing)")
    verbose_name_plural = _("exceptions to the dues rule (members allowed to register although not in good standing)")


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("person", "status", "override", "registered_by", "created_at")
    readonly_fields = ("person", "override", "registered_by", "created_at")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # Registrations go through the event page, which checks dues, capacity and deadline.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "registered_by")


@admin.register(Event)
class EventAdmin(EventTimezoneMixin, TranslationAdmin):
    form = EventAdminForm
    list_display = (
        "title",
        "kind",
        "local_start",
        "year",
        "visibility",
        "status",
        "publication",
        "host_member",
        "registered",
    )
    list_filter = ("publication", "kind", "year", "visibility", "status", "country")
    search_fields = ("title", "description", "place", "city")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("host_member", "parent")
    filter_horizontal = ("themes",)
    inlines = [SessionInline, StandingOverrideInline, RegistrationInline]
    list_select_related = ("host_member",)
    readonly_fields = (
        "sequence",
        "created_at",
        "updated_at",
        "proposed_by",
        "proposed_at",
        "reviewed_by",
        "reviewed_at",
    )
    actions = ["publish_proposals"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "description", "parent", "themes")}),
        (
            _("Date and place"),
            {
                "description": _(
                    "Dates and times, here and in the programme below, are in the event's own time zone (the "
                    "field just below; left on its first choice, the zone of the host member's country). Changing "
                    "the zone keeps the times as typed, in the new zone. The year is that of the start; give it "
                    "alone only while the date is not known."
                ),
                "fields": (
                    "timezone",
                    ("starts_at", "ends_at"),
                    "all_day",
                    "year",
                    "status",
                    "place",
                    "city",
                    ("country", "country_name"),
                    "host_member",
                ),
            },
        ),
        (_("Registration"), {"fields": ("registration_open", "capacity", "registration_deadline")}),
        (
            _("Publication"),
            {
                "fields": (
                    "visibility",
                    "publication",
                    "decline_reason",
                    ("proposed_by", "proposed_at"),
                    ("reviewed_by", "reviewed_at"),
                    ("sequence", "created_at", "updated_at"),
                )
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(registered_count=Count("registrations", filter=Q(registrations__status="confirmed")))
        )

    def event_timezone_for(self, request, object_id) -> str:
        if request.method == "POST":
            posted = request.POST.get("timezone", "")
            if is_known_timezone(posted):
                return posted
            if not posted:
                # "The host member's zone": the same rule as the form's (EventAdminForm.clean).
                return zone_of_host(
                    host_member_id=request.POST.get("host_member"), country_id=request.POST.get("country")
                )
        if object_id:
            zone = Event.objects.filter(pk=object_id).values_list("timezone", flat=True).first()
            if zone and is_known_timezone(zone):
                return zone
        return settings.TIME_ZONE

    def save_formset(self, request, form, formset, change):
        if formset.model is Session:
            save_programme(formset)
            return
        if formset.model is StandingOverride:
            for override in formset.save(commit=False):
                if override.granted_by_id is None:
                    override.granted_by = request.user
                    override.granted_at = timezone.now()
                override.save()
            for removed in formset.deleted_objects:
                removed.delete()
            return
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, event: Event) -> str:
        if not event.starts_at:
            return _("%(year)s, date to be confirmed") % {"year": event.year}
        if not is_known_timezone(event.timezone):
            return date_format(event.starts_at, "DATETIME_FORMAT")
        return f"{date_format(event.local_start, 'DATETIME_FORMAT')} ({event.timezone})"

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, event: Event) -> str:
        if event.capacity:
            return f"{event.registered_count} / {event.capacity}"
        return str(event.registered_count)

    @admin.action(description=_("Publish the selected proposals"))
    def publish_proposals(self, request, queryset):
        published = 0
        for event in queryset.filter(publication=Event.Publication.PROPOSED):
            try:
                services.event_publish(event=event, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                published += 1
        self.message_user(
            request,
            ngettext("%(count)d proposal published.", "%(count)d proposals published.", published)
            % {"count": published},
        )


class SessionSpeakerInline(TranslationTabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Session)
class SessionAdmin(EventTimezoneMixin, TranslationAdmin):
    list_display = ("title", "event", "kind", "starts_at")
    list_filter = ("event", "kind")
    inlines = [SessionSpeakerInline]
    list_select_related = ("event",)

    def event_timezone_for(self, request, object_id) -> str:
        event_id = request.POST.get("event") if request.method == "POST" else None
        if not event_id and object_id:
            event_id = Session.objects.filter(pk=object_id).values_list("event_id", flat=True).first()
        if parse_positive_int(str(event_id or "")):
            zone = Event.objects.filter(pk=event_id).values_list("timezone", flat=True).first()
            if zone and is_known_timezone(zone):
                return zone
        return settings.TIME_ZONE


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("person", "member", "event", "status", "override", "registered_by", "created_at")
    list_filter = ("status", "override", "event")
    search_fields = ("person__full_name", "person__member__name", "event__title")
    list_select_related = ("person__member", "event", "registered_by")
    readonly_fields = ("event", "person", "registered_by", "created_at", "override", "cancelled_at", "cancelled_by")
    fields = readonly_fields[:5] + ("status",) + readonly_fields[5:]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Export the selected registrations as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = queryset.select_related("event", "person__member", "registered_by").order_by(
            "event__starts_at", "event__title", "person__full_name"
        )
        content = csv_bytes(
            headers=["event", "member", "person", "email", "phone", "status", "accepted_by_exception", "registered_at"],
            rows=(
                [
                    registration.event.title,
                    registration.person.member.name if registration.person.member else "",
                    registration.person.full_name,
                    registration.person.contact_email,
                    registration.person.phone,
                    registration.status,
                    "yes" if registration.override else "no",
                    registration.created_at.isoformat(timespec="minutes"),
                ]
                for registration in rows
            ),
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        return response

    @admin.display(description=_("member"), ordering="person__member__name")
    def member(self, registration: Registration):
        return registration.person.member


@admin.register(StandingOverride)
class StandingOverrideAdmin(admin.ModelAdmin):
    list_display = ("member", "event", "reason", "granted_by", "granted_at")
    list_filter = ("event",)
    autocomplete_fields = ("member", "event")
    readonly_fields = ("granted_by", "granted_at")
    list_select_related = ("member", "event", "granted_by")

    def save_model(self, request, obj, form, change):
        if obj.granted_by_id is None:
            obj.granted_by = request.user
            obj.granted_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(HostingCandidature)
class HostingCandidatureAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "status", "submitted_by", "submitted_at", "decided_by", "decided_at")
    list_filter = ("year", "status")
    search_fields = ("member__name", "message")
    list_select_related = ("member", "submitted_by", "decided_by")
    readonly_fields = ("status", "submitted_by", "submitted_at", "decided_by", "decided_at")
    autocomplete_fields = ("member",)
    actions = ["accept", "decline"]

    def _run(self, request, queryset, action, done: str) -> None:
        for candidature in queryset.select_related("member"):
            try:
                action(candidature=candidature, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = " ".join(getattr(error, "messages", [])) or str(error)
                self.message_user(request, f"{candidature}: {text}", messages.ERROR)
            else:
                self.message_user(request, done % {"member": candidature.member, "year": candidature.year})

    @admin.action(description=_("Accept the selected candidature (one per year)"))
    def accept(self, request, queryset):
        self._run(
            request,
            queryset,
            services.hosting_candidature_accept,
            _("%(member)s will host the %(year)s annual meeting."),
        )

    @admin.action(description=_("Decline the selected candidatures"))
    def decline(self, request, queryset):
        self._run(
            request,
            queryset,
            services.hosting_candidature_decline,
            _("The offer of %(member)s for %(year)s is not retained."),
        )


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__email",)
    fields = ("user", "created_at", "last_used_at")
    readonly_fields = fields
    list_select_related = ("user",)
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Revoke the selected addresses"))
    def revoke(self, request, queryset):
        count, _details = queryset.delete()
        self.message_user(
            request, ngettext("%(count)d address revoked.", "%(count)d addresses revoked.", count) % {"count": count}
        )
