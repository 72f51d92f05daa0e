from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Consultation, ReminderSent, Response, ResponseChange


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = ("member", "answer", "comment", "answered_by", "answered_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "opened_on", "deadline", "answers", "result", "closed_at")
    list_filter = ("kind", "result")
    search_fields = ("subject", "text")
    filter_horizontal = ("eligible_members", "documents")
    readonly_fields = ("closed_at", "result", "overview", "created_by")
    inlines = [ResponseInline]
    actions = ["close_now"]
    fieldsets = (
        (None, {"fields": ("kind", "subject", "text", "external_url", "documents", "minutes", "roadmap")}),
        (_("Dates and members"), {"fields": ("opened_on", "deadline", "eligible_members", "reminder_days")}),
        (_("Rules"), {"fields": ("quorum", "approval_threshold", "tacit_approval")}),
        (_("Result"), {"fields": ("overview", "closed_at", "result", "reported_in", "created_by")}),
    )

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .annotate(
                eligible_count=Count("eligible_members", distinct=True),
                answered_count=Count("responses", distinct=True),
            )
        )

    def get_changeform_initial_data(self, request):
        # By default every member in good standing this year is consulted.
        initial = super().get_changeform_initial_data(request)
        now = timezone.now()
        initial.setdefault("opened_on", now)
        initial.setdefault("eligible_members", services.default_eligible_members(year=timezone.localdate().year))
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("answers"))
    def answers(self, obj):
        return f"{obj.answered_count} / {obj.eligible_count}"

    @admin.display(description=_("who has answered"))
    def overview(self, obj):
        if not obj.pk:
            return "—"
        tally = obj.tally if obj.is_closed else services.consultation_tally(consultation=obj)
        from django.template.loader import render_to_string

        return render_to_string("consultations/admin_overview.html", {"tally": tally})

    @admin.action(description=_("Close the selected rounds now and compute their result"))
    def close_now(self, request, queryset):
        for consultation in queryset:
            services.consultation_close(consultation=consultation)
        messages.success(request, _("%(count)d round(s) closed.") % {"count": queryset.count()})


@admin.register(ResponseChange)
class ResponseChangeAdmin(admin.ModelAdmin):
    list_display = ("consultation", "member", "answer", "answered_by", "answered_at")
    list_filter = ("consultation", "answer")
    list_select_related = ("consultation", "member", "answered_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ("consultation", "member", "days_before", "sent_at")
    list_filter = ("consultation",)
    list_select_related = ("consultation", "member")

    def has_add_permission(self, request):
        return False
