from django.contrib import admin

from .models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Read only: the beat hands these tasks over by itself once the broker answers; a row left here says why."""

    list_display = ["name", "kwargs", "created_at", "attempts", "last_error"]
    readonly_fields = ["task_id", "name", "args", "kwargs", "not_before", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
