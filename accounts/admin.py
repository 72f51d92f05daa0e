from allauth.account.adapter import get_adapter
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import user_invite


class UserCreationForm(forms.ModelForm):
    """The coordinator gives an e-mail address; the person chooses a password from the invitation."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "preferred_language")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "preferred_language")}),
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    actions = ["send_invitation"]

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values_list("email", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        if before and before != obj.email:
            # The address that was the login hears of it, with the time and how to report it.
            get_adapter(request).send_notification_mail(
                "account/email/email_changed", obj, {"from_email": before, "to_email": obj.email}, email=before
            )
        if not change:
            user_invite(user=obj, invited_by=request.user)
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": obj.email})

    @admin.action(description=_("Send the invitation e-mail again"))
    def send_invitation(self, request, queryset):
        for user in queryset:
            user_invite(user=user, invited_by=request.user)
        messages.success(request, _("%(count)d invitation(s) sent.") % {"count": queryset.count()})
