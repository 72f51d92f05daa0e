from django.contrib import admin

from .models import Document, DocumentVersion


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ("original_name", "content_type", "size", "uploaded_at", "uploaded_by")
    readonly_fields = fields
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "visibility", "member", "event", "published_on")
    list_filter = ("category", "visibility", "language")
    search_fields = ("title", "description")
    filter_horizontal = ("themes",)
    inlines = [DocumentVersionInline]
    list_select_related = ("member", "event")
