from django.contrib import admin

from .models import Action, ActionPlan, Axis, Milestone, Partner, Project, ThematicRoadmap, Theme, WorkingModality


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "order")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(WorkingModality)
class WorkingModalityAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "order")
    list_filter = ("category",)


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year")
    inlines = [AxisInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("number", "short_title", "axis", "status", "plan")
    list_display_links = ("number", "short_title")
    list_filter = ("plan", "axis", "status", "themes")
    list_editable = ("status",)
    search_fields = ("activities", "current_state", "planned_activities", "proposals")
    filter_horizontal = ("members", "themes", "partners")
    list_select_related = ("axis", "plan")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(ThematicRoadmap)
class ThematicRoadmapAdmin(admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "status", "theme")
    list_filter = ("status", "theme")
    inlines = [MilestoneInline]
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "theme", "status", "start_year", "end_year")
    list_filter = ("theme", "status", "members")
    search_fields = ("title", "description")
    filter_horizontal = ("members",)
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("theme",)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "contact_status")
    list_filter = ("kind", "contact_status")
    search_fields = ("name", "acronym", "next_step")
