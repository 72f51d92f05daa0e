from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme

from .images import clean_image
from .models import Member, NewsItem


def checked_image(upload, *, current) -> tuple[object, str]:
    """A new upload checked and without its metadata (members.images), with its content type; else unchanged.

    `current` is the file already stored: the form hands it back when nothing new was uploaded.
    """
    if not upload or upload == current:
        return upload, ""
    checked = clean_image(upload)
    return checked.file, checked.content_type


def source_and_english(form: forms.ModelForm, field: str, source_label, english_label) -> None:
    """The French text (the source) under the field's plain name and the English, optional, beside it.

    A translated field's plain name reads the active language's column: the French is shown from its own column,
    so a form read in English edits the French there and the English in its own field."""
    if form.instance.pk and not form.is_bound:
        form.initial[field] = getattr(form.instance, f"{field}_fr") or ""
        form.initial[f"{field}_en"] = getattr(form.instance, f"{field}_en") or ""
    form.fields[field].label = source_label
    english = form.fields[f"{field}_en"]
    english.label = english_label
    english.required = False
    english.help_text = _("Optional. Where it is missing, English readers see the French, marked as French.")


class MemberPageForm(forms.ModelForm):
    """What a focal point may change on their member's page."""

    # The page being edited, as the form was served: a POST naming another member is refused.
    member = forms.CharField(widget=forms.HiddenInput)
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Member
        fields = ("description", "description_en", "website", "email", "phone", "address", "logo")
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].initial = self.instance.slug
        source_and_english(self, "description", _("Public description (French)"), _("Public description in English"))
        self.fields["logo"].help_text = _("PNG, JPEG or WebP, at most %(limit)s.") % {
            "limit": filesizeformat(settings.MEMBER_LOGO_MAX_BYTES)
        }
        self.logo_content_type = ""

    def clean_logo(self):
        logo, self.logo_content_type = checked_image(self.cleaned_data.get("logo"), current=self.instance.logo)
        return logo


class OfficialForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    honorific = forms.CharField(label=_("Honorific"), max_length=60, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    delete = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self):
        data = super().clean()
        if (data.get("honorific") or data.get("title")) and not data.get("full_name") and not data.get("delete"):
            self.add_error("full_name", _("Give the official's name."))
        return data


OfficialFormSet = forms.formset_factory(OfficialForm, extra=1, max_num=30, validate_max=True)


class NewsItemForm(forms.ModelForm):
    """A news item as a focal point writes it (and the coordinator edits it)."""

    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none())
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    class Meta:
        model = NewsItem
        fields = ("member", "title", "title_en", "text", "text_en", "image", "link", "themes")
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 10}),
            "text_en": forms.Textarea(attrs={"rows": 10}),
            "image": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The member of an existing item does not change.
            del self.fields["member"]
        else:
            members = members if members is not None else Member.objects.none()
            self.fields["member"].queryset = members
            only = list(members[:2])
            if len(only) == 1:
                # A focal point of one member posts for it: no choice to make.
                self.fields["member"].initial = only[0]
                self.fields["member"].widget = forms.HiddenInput()
        if not self.instance.image:
            del self.fields["remove_image"]
        source_and_english(self, "title", _("Title (French)"), _("Title in English"))
        source_and_english(self, "text", _("Text (French)"), _("Text in English"))
        self.fields["themes"].queryset = Theme.objects.order_by("kind", "order", "name")
        self.fields["themes"].help_text = _("Optional: the news then appears on the pages and feeds of these themes.")
        self.fields["image"].help_text = _("Optional. PNG, JPEG or WebP, at most %(limit)s.") % {
            "limit": filesizeformat(settings.MEMBER_LOGO_MAX_BYTES)
        }
        self.image_content_type = ""

    @property
    def only_member(self):
        field = self.fields.get("member")
        if field is None or not isinstance(field.widget, forms.HiddenInput):
            return None
        return field.initial

    def clean_image(self):
        image, self.image_content_type = checked_image(self.cleaned_data.get("image"), current=self.instance.image)
        return image


class MemberAdminForm(forms.ModelForm):
    """The admin's member form (the admin gives it its model and fields): a new logo goes through the same checks
    as the focal points' (members.images)."""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        checked, content_type = checked_image(logo, current=self.instance.logo)
        if content_type:
            self.instance.logo_content_type = content_type
        elif not logo:  # removed ("clear")
            self.instance.logo_content_type = ""
        return checked
