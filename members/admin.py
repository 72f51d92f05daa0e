from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Country, DuesRecord, FocalPoint, Member, Person


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "local_name", "timezone")


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    autocomplete_fields = ("person",)


class DuesInline(admin.TabularInline):
    model = DuesRecord
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "local_name", "kind", "country", "is_aimf_member")
    list_filter = ("country", "kind", "is_aimf_member")
    search_fields = ("name", "local_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [FocalPointInline, DuesInline]
    list_select_related = ("country",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "honorific", "title", "member", "is_official", "user")
    list_filter = ("is_official", "member__country", "member")
    search_fields = ("full_name", "title", "organisation", "email")
    list_select_related = ("member", "user")
    autocomplete_fields = ("member", "user")


@admin.register(DuesRecord)
class DuesRecordAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "status", "amount_due", "amount_paid", "paid_on")
    list_filter = ("year", "status", "member__country")
    search_fields = ("member__name", "reference")
    list_select_related = ("member",)


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ("member", "person", "is_primary", "is_confirmed", "confirmed_on")
    list_filter = ("is_primary", ("confirmed_on", admin.EmptyFieldListFilter))
    list_select_related = ("member", "person")
    search_fields = ("member__name", "person__full_name")
    autocomplete_fields = ("member", "person")

    @admin.display(description=_("confirmed"), boolean=True)
    def is_confirmed(self, obj):
        return obj.confirmed_on is not None
