from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import Document, DocumentVersion
from .validation import ACCEPT_ATTRIBUTE, validate_upload


class StoredFileWidget(forms.Widget):
    """An existing version's file is never replaced (a new version is added instead): show nothing to edit."""

    def render(self, name, value, attrs=None, renderer=None):
        return ""


class DocumentVersionInlineForm(forms.ModelForm):
    class Meta:
        model = DocumentVersion
        fields = ("file",)
        widgets = {"file": forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.detected = None
        if self.instance.pk:
            self.fields["file"].disabled = True
            self.fields["file"].widget = StoredFileWidget()
        else:
            self.fields["file"].required = False
            self.fields["file"].label = _("New file")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not self.instance.pk and file:
            # The same checks as the site's upload form: content, size, zip bounds.
            self.detected = validate_upload(file)
        return file


class DocumentVersionInlineFormSet(BaseInlineFormSet):
    def new_version_forms(self):
        return [
            form
            for form in self.forms[self.initial_form_count() :]
            if form.has_changed() and form.cleaned_data.get("file") and not form.errors
        ]

    def clean(self):
        super().clean()
        if self.instance._state.adding and not any(self.errors) and not self.new_version_forms():
            raise forms.ValidationError(_("Upload the document's file."))


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    form = DocumentVersionInlineForm
    formset = DocumentVersionInlineFormSet
    extra = 1
    can_delete = False
    fields = ("version_number", "download", "content_type", "size_display", "uploaded_at", "uploaded_by", "file")
    readonly_fields = ("version_number", "download", "content_type", "size_display", "uploaded_at", "uploaded_by")
    verbose_name_plural = _("versions (add a file to make it the current version; earlier ones stay downloadable)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("version"))
    def version_number(self, version):
        return version.number if version.pk else "—"

    @admin.display(description=_("file"))
    def download(self, version):
        if not version.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', version.get_download_url(), version.original_name)

    @admin.display(description=_("size"))
    def size_display(self, version):
        return filesizeformat(version.size) if version.pk else "—"


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ("title", "category", "visibility", "member", "event", "language", "published_on", "version_count")
    list_filter = ("category", "visibility", "language", "member")
    search_fields = ("title", "description")
    date_hierarchy = "published_on"
    filter_horizontal = ("themes",)
    # Typed and suggested among the members (their admin's search), not chosen in a select of every member.
    autocomplete_fields = ("members_concerned",)
    inlines = [DocumentVersionInline]
    list_select_related = ("member", "event")
    readonly_fields = ("uploaded_by",)
    fields = (
        "title",
        "description",
        "category",
        "themes",
        "event",
        "member",
        "members_concerned",
        "language",
        "visibility",
        "published_on",
        "uploaded_by",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector").annotate(version_total=Count("versions"))

    @admin.display(description=_("versions"), ordering="version_total")
    def version_count(self, document):
        return document.version_total

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not DocumentVersion:
            return super().save_formset(request, form, formset, change)
        # New files go through the same service as the site: numbered, named, stored under a random name.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for version_form in formset.new_version_forms():
            formset.new_objects.append(
                services.document_version_add(
                    document=form.instance,
                    by=request.user,
                    uploaded_file=version_form.cleaned_data["file"],
                    detected=version_form.detected,
                )
            )
        return None
