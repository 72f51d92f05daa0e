from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import NetworkText, TimelineEntry


@admin.register(NetworkText)
class NetworkTextAdmin(TranslationAdmin):
    list_display = ("title", "key", "order")
    list_editable = ("order",)
    search_fields = ("title", "text")

    def get_readonly_fields(self, request, obj=None):
        # The 2023 record finds its passages by key: a loaded passage keeps it.
        return ("key",) if obj is not None else ()


@admin.register(TimelineEntry)
class TimelineEntryAdmin(TranslationAdmin):
    list_display = ("title", "date", "precision", "end_date", "order", "event")
    list_filter = ("precision",)
    search_fields = ("title", "text")
    autocomplete_fields = ("event",)

    def get_readonly_fields(self, request, obj=None):
        return ("key",) if obj is not None else ()
