from django.contrib import admin

from .models import Decision, Event, Minutes, Session, SessionSpeaker


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("order", "starts_at", "ends_at", "title", "kind")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "year", "timezone", "visibility", "status", "host_member")
    list_filter = ("kind", "year", "visibility", "status", "country")
    search_fields = ("title", "description", "place", "city")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("host_member",)
    filter_horizontal = ("themes",)
    inlines = [SessionInline]
    list_select_related = ("host_member",)


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "kind", "starts_at")
    list_filter = ("event", "kind")
    inlines = [SessionSpeakerInline]
    list_select_related = ("event",)


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    filter_horizontal = ("actions",)


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ("event", "status", "circulated_on", "approved_on")
    list_filter = ("status",)
    inlines = [DecisionInline]
    list_select_related = ("event",)
