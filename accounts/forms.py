"""allauth's account forms, made safe against a stolen session (settings.ACCOUNT_FORMS).

A session alone does not know the password: changing the login address asks for it, as changing the password
does, and wrong passwords typed there count as failed logins (accounts.throttle), so a stolen session cannot guess
it either. The new address is used only once the link sent to it is opened (ACCOUNT_CHANGE_EMAIL); the address
in use is told at once that a change was asked, and again when it is done.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import AddEmailForm, ChangePasswordForm, PasswordField
from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import gettext_lazy as _

from common.validators import validate_not_formula

from . import throttle
from .adapter import TOO_MANY_FAILURES
from .models import User


def check_current_password(form: forms.Form, *, user: User, password: str) -> None:
    """The account's own password, or a form error; a wrong one counts as a failed login for this account."""
    request = getattr(form, "request", None) or get_adapter().request
    if throttle.refusal(request, login=user.email) is not None:
        raise forms.ValidationError(TOO_MANY_FAILURES, code="too_many_login_attempts")
    if not user.check_password(password):
        throttle.record_failure(request, login=user.email)
        raise forms.ValidationError(_("This is not your current password."), code="wrong_password")


class ChangeEmailForm(AddEmailForm):
    password = PasswordField(label=_("Current password"), autocomplete="current-password")

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].lower()
        validate_not_formula(value)
        if (
            User.objects.filter(email__iexact=value).exclude(pk=self.user.pk).exists()
            or EmailAddress.objects.filter(email__iexact=value, verified=True).exclude(user=self.user).exists()
        ):
            raise forms.ValidationError(
                _(
                    "This address is already the login of another account of the portal. If it is yours, write to "
                    "the coordination, which can merge or close that account."
                ),
                code="email_taken",
            )
        return super().clean_email()

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        check_current_password(self, user=self.user, password=password)
        return password

    def save(self, request):
        current = self.user.email
        address = super().save(request)
        # The address in use hears of it now, before anyone opens the link sent to the new one.
        get_adapter(request).send_notification_mail(
            "account/email/email_change_requested", self.user, {"to_email": address.email}, email=current
        )
        return address


class CheckedChangePasswordForm(ChangePasswordForm):
    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword")
        check_current_password(self, user=self.user, password=password or "")
        return password
