from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from . import selectors, services
from .forms import MemberAdminForm, checked_image
from .models import Country, DuesRecord, FocalPoint, Member, MemberRevision, NewsItem, Person
from .resources import CSVAnyEncoding, DuesRecordResource, MemberResource


def this_year() -> int:
    return timezone.localdate().year


class StandingFilter(admin.SimpleListFilter):
    title = _("dues this year")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return [("yes", _("In good standing")), ("no", _("Not in good standing"))]

    def queryset(self, request, queryset):
        in_good_standing = selectors.members_in_good_standing(year=this_year()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=in_good_standing)
        if self.value() == "no":
            return queryset.exclude(pk__in=in_good_standing)
        return queryset


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
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "local_name", "timezone")
    search_fields = ("name", "code")


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ("person",)
    readonly_fields = ("confirmation_requested_at",)


class DuesInline(admin.TabularInline):
    model = DuesRecord
    extra = 0
    ordering = ("-year",)


class MarkYearPaidForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


@admin.register(Member)
class MemberAdmin(ImportExportMixin, admin.ModelAdmin):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    formats = [CSVAnyEncoding]
    import_template_name = "admin/members/import.html"
    list_display = ("name", "country", "kind", "primary_focal_point", "focal_point_confirmed", "standing")
    list_filter = ("country", "kind", StandingFilter, FocalPointConfirmedFilter, "is_aimf_member")
    search_fields = ("name", "local_name", "slug", "focal_points__person__full_name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [FocalPointInline, DuesInline]
    list_select_related = ("country",)
    readonly_fields = ("logo_content_type",)
    actions = ["send_focal_point_confirmation", "mark_year_paid"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(in_good_standing=selectors.dues_settled(year=this_year()))
            .prefetch_related(
                Prefetch(
                    "focal_points",
                    queryset=FocalPoint.objects.filter(is_primary=True).select_related("person"),
                    to_attr="primary_focal_points",
                )
            )
        )

    def save_model(self, request, obj, form, change):
        # Edits made in the admin enter the page's history like the focal points' edits.
        before = services.member_page_snapshot(member=Member.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            services.member_revision_record(member=obj, by=request.user, before=before)

    @admin.display(description=_("focal point"))
    def primary_focal_point(self, obj):
        focal_points = getattr(obj, "primary_focal_points", [])
        return focal_points[0].person if focal_points else "—"

    @admin.display(description=_("confirmed on"))
    def focal_point_confirmed(self, obj):
        focal_points = getattr(obj, "primary_focal_points", [])
        if focal_points and focal_points[0].confirmed_on:
            return focal_points[0].confirmed_on
        return _("not confirmed")

    @admin.display(description=_("dues this year"), boolean=True, ordering="in_good_standing")
    def standing(self, obj):
        return obj.in_good_standing

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
        if "apply" in request.POST:
            form = MarkYearPaidForm(request.POST)
            if form.is_valid():
                count = services.dues_mark_paid(members=queryset, year=form.cleaned_data["year"])
                self.message_user(
                    request,
                    _("Dues of %(year)s marked paid for %(count)d member(s); exempt members left as they were.")
                    % {"year": form.cleaned_data["year"], "count": count},
                    messages.SUCCESS,
                )
                return None
        else:
            form = MarkYearPaidForm(initial={"year": this_year()})
        return render(
            request,
            "admin/members/mark_year_paid.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark a year's dues paid"),
                "members": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "honorific", "title", "member", "is_official", "user")
    list_filter = ("is_official", "member__country", "member")
    search_fields = ("full_name", "title", "organisation", "email")
    list_select_related = ("member", "user")
    autocomplete_fields = ("member", "user")


@admin.register(DuesRecord)
class DuesRecordAdmin(ImportExportMixin, admin.ModelAdmin):
    resource_classes = [DuesRecordResource]
    formats = [CSVAnyEncoding]
    import_template_name = "admin/members/import.html"
    list_display = ("member", "year", "status", "amount_due", "amount_paid", "paid_on", "reference")
    list_filter = ("year", "status", "member__country")
    search_fields = ("member__name", "reference")
    list_select_related = ("member",)
    autocomplete_fields = ("member",)
    actions = ["mark_paid"]
    change_list_template = "admin/members/duesrecord/change_list.html"

    def get_urls(self):
        return [
            path("overview/", self.admin_site.admin_view(self.overview_view), name="members_duesrecord_overview"),
            *super().get_urls(),
        ]

    def overview_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        try:
            year = int(request.GET.get("year", this_year()))
        except ValueError:
            year = this_year()
        years = sorted(set(DuesRecord.objects.values_list("year", flat=True)) | {this_year()}, reverse=True)
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

    @admin.action(description=_("Mark the selected records paid in full"))
    def mark_paid(self, request, queryset):
        count = 0
        for record in queryset.select_related("member"):
            count += services.dues_mark_paid(members=[record.member], year=record.year)
        self.message_user(request, _("%(count)d record(s) marked paid.") % {"count": count}, messages.SUCCESS)


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("member", "person", "is_primary", "is_confirmed", "confirmed_on", "confirmation_requested_at")
    list_filter = ("is_primary", ("confirmed_on", admin.EmptyFieldListFilter))
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
class NewsItemAdmin(admin.ModelAdmin):
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
