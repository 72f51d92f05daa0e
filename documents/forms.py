from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from events.selectors import events_visible_to

from . import permissions
from .models import Document
from .validation import ACCEPT_ATTRIBUTE, FileType, max_upload_bytes, too_large_error, validate_upload


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event):
        return f"{event.title} ({event.year})" if event.year else event.title


class FileCheckMixin:
    """A `file` field checked by content (documents.validation); `detected` says what the file is."""

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.detected: FileType | None = None
        limit = filesizeformat(max_upload_bytes())
        self.fields["file"] = forms.FileField(
            label=_("File"),
            help_text=_(
                "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG, at most %(limit)s. "
                "The type is checked from the content of the file."
            )
            % {"limit": limit},
            widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
            error_messages={"required": _("Choose the file to upload."), "empty": _("The file is empty.")},
        )
        # A file skipped for its size is missing from request.FILES: clean_file says why, not "required".
        self.fields["file"].required = not too_large
        self.order_fields(["file"])

    def clean_file(self):
        if self.too_large:
            # The upload handler stopped reading the file at the limit: nothing of it was kept.
            raise too_large_error(size=None, limit=max_upload_bytes())
        file = self.cleaned_data.get("file")
        if file:
            self.detected = validate_upload(file)
        return file


class DocumentUploadForm(FileCheckMixin, forms.ModelForm):
    """A new document and its first file. Members and visibilities offered depend on who uploads."""

    event = EventChoiceField(label=_("Event"), queryset=None, required=False, empty_label=_("None"))

    class Meta:
        model = Document
        fields = (
            "title",
            "description",
            "category",
            "themes",
            "event",
            "member",
            "language",
            "visibility",
            "published_on",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {"title": {"required": _("Give the document a title.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["themes"].queryset = Theme.objects.order_by("kind", "order", "name")
        self.fields["event"].queryset = events_visible_to(user=user).order_by("-year", "title")
        members = permissions.upload_members(user)
        member_field = self.fields["member"]
        member_field.queryset = members
        if permissions.is_coordinator(user):
            member_field.empty_label = _("None (a document of the whole network)")
        else:
            # A focal point files documents under their own member only.
            member_field.required = True
            member_field.empty_label = None
            member_field.error_messages["required"] = _("Choose the member this document belongs to.")
        visibilities = permissions.upload_visibilities(user)
        self.fields["visibility"].choices = [
            (value, label) for value, label in Document.Visibility.choices if value in visibilities
        ]
        self.fields["published_on"].initial = timezone.localdate
        self.fields["published_on"].help_text = _("The date of the document itself, not of the upload.")
        self.fields["description"].help_text = _("What the document is about: it is searched along with the title.")

    def clean_published_on(self):
        published_on = self.cleaned_data.get("published_on")
        if published_on and published_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return published_on


class VersionUploadForm(FileCheckMixin, forms.Form):
    """A new file for an existing document; the older ones stay downloadable."""
