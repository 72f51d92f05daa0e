from django.contrib import admin

from .models import MailingOptOut, PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Read only: the beat hands these tasks over by itself once the broker answers; a row left here says why."""

    list_display = ["name", "kwargs", "created_at", "attempts", "last_error"]
    readonly_fields = ["task_id", "name", "args", "kwargs", "not_before", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MailingOptOut)
class MailingOptOutAdmin(admin.ModelAdmin):
    """Who left which mailing, when and how: the coordination sees it here, filtered by mailing. Deleting a row
    takes the address back (as the person does by asking for the mailing again on their page)."""

    list_display = ["email", "mailing", "via", "language", "left_at"]
    list_filter = ["mailing", "via", "left_at"]
    search_fields = ["email"]
    readonly_fields = ["email", "mailing", "via", "language", "left_at"]
    date_hierarchy = "left_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
