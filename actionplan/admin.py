"""The coordinator's side of the plan: statuses and notes in one place, safe renumbering, next year's plan, CSV."""

import base64

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from . import permissions, services
from .forms import ActionAdminForm, ActionMoveForm, PlanImportForm
from .models import (
    Action,
    ActionPlan,
    Axis,
    Milestone,
    Partner,
    ProgressUpdate,
    Project,
    ThematicRoadmap,
    Theme,
    WorkingModality,
)
from .resources import COLUMN_HELP, COLUMNS, export_plan_csv, plan_csv_filename

IMPORT_SALT = "actionplan.plan-import"
IMPORT_MAX_AGE = 60 * 60  # the checked file may be imported within the hour


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "kind", "order")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(WorkingModality)
class WorkingModalityAdmin(TranslationAdmin):
    list_display = ("name", "category", "order")
    list_filter = ("category",)


# ---- progress notes ----------------------------------------------------------------------------------------------


class ProgressUpdateInline(admin.TabularInline):
    """The item's history, newest first; a note added here is the coordinator's (statuses change above)."""

    model = ProgressUpdate
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}
    fields = ("date", "text", "author_name", "status_change")
    readonly_fields = ("author_name", "status_change")
    ordering = ("-date", "-pk")
    verbose_name = _("progress note")
    verbose_name_plural = _("history (progress notes, newest first)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author__person__member", "reviewed_by")

    @admin.display(description=_("author"))
    def author_name(self, obj):
        if not obj.pk:
            return "—"
        member = obj.author_member
        return f"{obj.author_display} ({member.name})" if member else obj.author_display

    @admin.display(description=_("status"))
    def status_change(self, obj):
        if not obj.pk:
            return "—"
        if obj.applied_status and obj.previous_status != obj.applied_status:
            return f"{obj.previous_status_label} → {obj.applied_status_label}"
        if obj.is_pending:
            return format_html(
                '{} <a href="{}">{}</a>',
                gettext("Proposed: %(status)s.") % {"status": obj.proposed_status_label},
                reverse("actionplan:progress-review", kwargs={"pk": obj.pk}),
                gettext("Review"),
            )
        if obj.review == ProgressUpdate.Review.DECLINED:
            return gettext("Proposed %(status)s: declined.") % {"status": obj.proposed_status_label}
        return "—"


class ActionProgressInline(ProgressUpdateInline):
    fk_name = "action"


class ProjectProgressInline(ProgressUpdateInline):
    fk_name = "project"


class StatusHistoryMixin:
    """A status changed here, in the form or in the list, is recorded in the item's history with its author."""

    def save_model(self, request, obj, form, change):
        note = (form.cleaned_data.get("status_note") or "").strip()
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            services.status_set(target=obj, status=new_status, by=request.user, note=note)
            return
        super().save_model(request, obj, form, change)
        if note:
            services.progress_note_post(target=obj, author=request.user, text=note, date=timezone.localdate())

    def save_formset(self, request, form, formset, change):
        if formset.model is ProgressUpdate:
            for note in formset.save(commit=False):
                if note.pk is None:
                    note.author = request.user
                note.save()
            for note in formset.deleted_objects:
                note.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Action)
class ActionAdmin(StatusHistoryMixin, TranslationAdmin):
    form = ActionAdminForm
    change_form_template = "actionplan/admin/action_change_form.html"
    list_display = ("number", "title", "status", "axis_number", "last_progress", "notes_to_review")
    list_display_links = ("number", "title")
    list_filter = ("plan", "axis", "status", "themes")
    list_editable = ("status",)
    search_fields = ("activities", "current_state", "planned_activities", "proposals")
    filter_horizontal = ("members", "themes", "partners")
    list_select_related = ("axis", "plan")
    raw_id_fields = ("carried_over_from",)
    inlines = [ActionProgressInline]
    fieldsets = (
        (None, {"fields": ("plan", "axis", "number", "status", "status_note")}),
        (
            _("The four columns of the plan"),
            {"fields": ("activities", "current_state", "planned_activities", "proposals")},
        ),
        (_("Members, themes, partners"), {"fields": ("members", "themes", "partners", "carried_over_from")}),
    )

    def get_queryset(self, request):
        latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending=Count("progress_updates", filter=Q(progress_updates__review=ProgressUpdate.Review.PENDING)),
                last_progress_on=Subquery(latest.values("date")[:1]),
                last_progress_text=Subquery(latest.values("text")[:1]),
            )
        )

    @admin.display(description=_("title"), ordering="activities")
    def title(self, obj):
        return obj.short_title

    @admin.display(description=_("axis"), ordering="axis__number")
    def axis_number(self, obj):
        return format_html('<span title="{}">{}</span>', obj.axis.title, obj.axis.number)

    @admin.display(description=_("last progress"), ordering="last_progress_on")
    def last_progress(self, obj):
        if obj.last_progress_on is None:
            return "—"
        text = " ".join((obj.last_progress_text or "").split())
        if len(text) > 90:
            text = text[:89].rstrip() + "…"
        return format_html(
            '{}<br><span class="rvase-muted">{}</span>', date_format(obj.last_progress_on, "SHORT_DATE_FORMAT"), text
        )

    @admin.display(description=_("to review"), ordering="pending")
    def notes_to_review(self, obj):
        return obj.pending or ""

    def get_urls(self):
        return [
            path("<int:pk>/move/", self.admin_site.admin_view(self.move_view), name="actionplan_action_move"),
            *super().get_urls(),
        ]

    def move_view(self, request, pk: int):
        """Give the action another number; the actions in between shift, no number is ever used twice."""
        action = get_object_or_404(Action.objects.select_related("plan", "axis"), pk=pk)
        if not self.has_change_permission(request, action) or not permissions.can_review_progress(request.user):
            raise PermissionDenied
        siblings = list(Action.objects.filter(plan=action.plan).select_related("axis").order_by("number"))
        form = ActionMoveForm(request.POST or None, action=action, highest=siblings[-1].number)
        if request.method == "POST" and form.is_valid():
            old = action.number
            try:
                services.action_move(action=action, number=form.cleaned_data["number"], by=request.user)
            except ValidationError as error:
                form.add_error("number", error)
            else:
                message = gettext("Moved from number %(old)s to %(new)s.") % {"old": old, "new": action.number}
                self.log_change(request, action, message)
                self.message_user(request, message, messages.SUCCESS)
                url = reverse("admin:actionplan_action_changelist") + f"?plan__id__exact={action.plan_id}"
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": action,
            "title": gettext("Move action %(number)s") % {"number": action.number},
            "form": form,
            "siblings": siblings,
        }
        return render(request, "actionplan/admin/action_move.html", context)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ("date", "about", "author_name", "proposed", "review")
    list_filter = ("review", "date")
    search_fields = ("text", "action__activities", "project__title")
    date_hierarchy = "date"
    list_select_related = ("action__plan", "project", "author__person__member")
    fields = ("action", "project", "date", "text", "proposed_status", "review", "applied_status", "reviewed_by")
    readonly_fields = ("action", "project", "proposed_status", "review", "applied_status", "reviewed_by")
    actions = ["accept_proposed", "decline_proposed"]

    def has_add_permission(self, request):
        # Notes are posted from the action's or project's page, or in their inline here.
        return False

    @admin.display(description=_("about"))
    def about(self, obj):
        if obj.action_id:
            return gettext("Action %(number)s (%(year)s)") % {"number": obj.action.number, "year": obj.action.plan.year}
        return obj.project.title

    @admin.display(description=_("author"))
    def author_name(self, obj):
        member = obj.author_member
        return f"{obj.author_display} ({member.name})" if member else obj.author_display

    @admin.display(description=_("proposed status"))
    def proposed(self, obj):
        return obj.proposed_status_label if obj.proposed_status else "—"

    @admin.action(description=_("Apply the proposed status of the selected notes"))
    def accept_proposed(self, request, queryset):
        self._review(request, queryset, accept=True)

    @admin.action(description=_("Decline the proposed status of the selected notes"))
    def decline_proposed(self, request, queryset):
        self._review(request, queryset, accept=False)

    def _review(self, request, queryset, *, accept: bool):
        done = skipped = 0
        for update in queryset:
            if not update.is_pending:
                skipped += 1
                continue
            status = update.proposed_status if accept else None
            services.progress_note_review(update=update, by=request.user, status=status)
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d note reviewed.", "%(count)d notes reviewed.", done) % {"count": done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d note was skipped: it proposes nothing or was already reviewed.",
                    "%(count)d notes were skipped: they propose nothing or were already reviewed.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


# ---- plans -------------------------------------------------------------------------------------------------------


class AxisInline(TranslationTabularInline):
    model = Axis
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(TranslationAdmin):
    list_display = ("title", "year", "action_count", "started_from")
    inlines = [AxisInline]
    change_form_template = "actionplan/admin/plan_change_form.html"
    readonly_fields = ("created_by", "created_at")
    actions = ["start_next_year", "renumber"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("started_from").annotate(n_actions=Count("actions"))

    @admin.display(description=_("actions"), ordering="n_actions")
    def action_count(self, obj):
        return obj.n_actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by, obj.created_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/export/", view(self.export_view), name="actionplan_actionplan_export"),
            path("<int:pk>/import/", view(self.import_view), name="actionplan_actionplan_import"),
            path("<int:pk>/next-year/", view(self.next_year_view), name="actionplan_actionplan_next_year"),
            *super().get_urls(),
        ]

    def _plan(self, request, pk: int, *, change: bool) -> ActionPlan:
        plan = get_object_or_404(ActionPlan, pk=pk)
        allowed = self.has_change_permission(request, plan) if change else self.has_view_permission(request, plan)
        if not allowed or (change and not permissions.can_review_progress(request.user)):
            raise PermissionDenied
        return plan

    def _context(self, request, plan: ActionPlan, title: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.opts, "original": plan, "title": title}

    # -- actions of the list --

    @admin.action(description=_("Start next year's plan from the selected plan"))
    def start_next_year(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one plan to start the next one from."), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:actionplan_actionplan_next_year", args=[queryset.get().pk]))

    @admin.action(description=_("Renumber the actions 1…n, closing gaps"))
    def renumber(self, request, queryset):
        for plan in queryset:
            changed = services.plan_renumber(plan=plan, by=request.user)
            message = ngettext(
                "%(plan)s: %(count)d action renumbered.", "%(plan)s: %(count)d actions renumbered.", changed
            ) % {"plan": plan, "count": changed}
            if changed:
                self.log_change(request, plan, message)
            self.message_user(request, message, messages.SUCCESS)

    # -- views --

    def export_view(self, request, pk: int):
        plan = self._plan(request, pk, change=False)
        response = HttpResponse(export_plan_csv(plan=plan), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{plan_csv_filename(plan=plan)}"'
        return response

    def import_view(self, request, pk: int):
        """Upload → check (dry run, errors per line) → confirm. Nothing is written unless every line is right."""
        plan = self._plan(request, pk, change=True)
        context = self._context(request, plan, gettext("Import a CSV file into %(plan)s") % {"plan": plan})
        context.update(columns=[(column, COLUMN_HELP[column]) for column in COLUMNS])
        form = PlanImportForm(plan=plan)
        if request.method == "POST" and "confirm" in request.POST:
            try:
                content = base64.b64decode(
                    signing.loads(request.POST.get("payload", ""), salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
                )
            except (signing.BadSignature, ValueError):
                self.message_user(request, gettext("The checked file has expired: upload it again."), messages.ERROR)
                return HttpResponseRedirect(request.path)
            report = services.plan_import(plan=plan, content=content, by=request.user, dry_run=False)
            if report.imported:
                message = gettext("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged actions.") % {
                    "new": report.new,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                }
                self.log_change(request, plan, message)
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
            context.update(report=report, form=form)
            return render(request, "actionplan/admin/plan_import.html", context)
        if request.method == "POST":
            form = PlanImportForm(request.POST, request.FILES, plan=plan)
            if form.is_valid():
                content = form.cleaned_data["file"].read()
                report = services.plan_import(plan=plan, content=content, by=request.user, dry_run=True)
                context["report"] = report
                if not report.has_errors and report.changes:
                    context["payload"] = signing.dumps(
                        base64.b64encode(content).decode("ascii"), salt=IMPORT_SALT, compress=True
                    )
        context["form"] = form
        return render(request, "actionplan/admin/plan_import.html", context)

    def next_year_view(self, request, pk: int):
        plan = self._plan(request, pk, change=True)
        year = plan.year + 1
        context = self._context(request, plan, gettext("Start the %(year)s plan") % {"year": year})
        unfinished = list(plan.actions.exclude(status=Action.Status.DONE).select_related("axis").order_by("number"))
        context.update(
            year=year,
            existing=ActionPlan.objects.filter(year=year).first(),
            axes=plan.axes.order_by("number"),
            unfinished=unfinished,
            done=plan.actions.filter(status=Action.Status.DONE).order_by("number"),
        )
        if request.method == "POST":
            try:
                new_plan = services.plan_start_next_year(plan=plan, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                message = ngettext(
                    "%(title)s started from %(plan)s: %(count)d unfinished action carried over.",
                    "%(title)s started from %(plan)s: %(count)d unfinished actions carried over.",
                    len(unfinished),
                ) % {"title": new_plan.title, "plan": plan.title, "count": len(unfinished)}
                self.log_addition(request, new_plan, message)
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[new_plan.pk]))
            context["existing"] = ActionPlan.objects.filter(year=year).first()
        return render(request, "actionplan/admin/plan_next_year.html", context)


# ---- roadmaps, projects, partners ----------------------------------------------------------------------------------


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(ThematicRoadmap)
class ThematicRoadmapAdmin(TranslationAdmin):
    list_display = ("title", "start_year", "end_year", "status", "theme")
    list_filter = ("status", "theme")
    list_editable = ("status",)
    inlines = [MilestoneInline]
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Project)
class ProjectAdmin(StatusHistoryMixin, TranslationAdmin):
    list_display = ("title", "theme", "status", "start_year", "end_year")
    list_filter = ("theme", "status", "members")
    list_editable = ("status",)
    search_fields = ("title", "description")
    filter_horizontal = ("members", "actions")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("theme",)
    inlines = [ProjectProgressInline]


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ("name", "acronym", "kind", "contact_status")
    list_filter = ("kind", "contact_status")
    list_editable = ("contact_status",)
    search_fields = ("name", "acronym", "next_step")
    readonly_fields = ("linked_actions",)

    @admin.display(description=_("linked actions"))
    def linked_actions(self, obj):
        actions = obj.actions.select_related("plan").order_by("-plan__year", "number") if obj.pk else []
        if not actions:
            return gettext("None yet: link the partner from the actions' “Partners” field.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((reverse("admin:actionplan_action_change", args=[a.pk]), f"{a.plan.year} · {a}") for a in actions),
        )
