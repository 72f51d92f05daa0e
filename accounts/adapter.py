from email.utils import parseaddr

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.email import automatic_headers

from . import throttle

TOO_MANY_FAILURES = _(
    "Too many failed attempts to log in to this account from here: wait a few minutes, or receive a link to "
    "choose a new password by e-mail (“Forgot your password?”), which lets you in at once."
)


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """No open sign-up: the coordinator creates accounts and the person is invited by e-mail.

    Logins are throttled by accounts.throttle, which counts failed attempts only, instead of allauth's
    "login_failed" limit, which refuses even the owner's right password once an attacker used up the account's
    attempts.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        return throttle.client_address(request)

    def pre_authenticate(self, request, **credentials) -> None:
        if throttle.refusal(request, login=credentials.get("email", "")) is not None:
            raise forms.ValidationError(TOO_MANY_FAILURES, code="too_many_login_attempts")

    def authenticate(self, request, **credentials):
        from allauth.account.auth_backends import AuthenticationBackend
        from django.contrib.auth import authenticate

        self.pre_authenticate(request, **credentials)
        AuthenticationBackend.unstash_authenticated_user()
        user = authenticate(request, **credentials)
        # An inactive account with the right password: allauth shows it the "account inactive" page.
        user = user or AuthenticationBackend.unstash_authenticated_user()
        if user is None:
            self.authentication_failed(request, **credentials)
        return user

    def authentication_failed(self, request, **credentials) -> None:
        throttle.record_failure(request, login=credentials.get("email", ""))

    def send_notification_mail(self, template_prefix, user, context=None, email=None) -> None:
        """The notices of a change to the account (address, password, two-step sign-in) say how to report it."""
        context = {
            "report_to": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            "reset_url": settings.SITE_URL.rstrip("/") + reverse("account_reset_password"),
            **(context or {}),
        }
        super().send_notification_mail(template_prefix, user, context, email)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's own e-mails (password reset, address confirmation, notices) are automatic, as the portal's:
        the same headers as common.email's (Auto-Submitted, Content-Language, Reply-To the coordination)."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        language = get_language() or settings.LANGUAGE_CODE
        message.extra_headers = {**automatic_headers(language=language, to=[], mailing=None), **message.extra_headers}
        message.reply_to = [settings.COORDINATION_REPLY_TO]
        return message

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # allauth calls this once a password was reset from the e-mail link: the account's own limit is lifted.
        throttle.clear_account(request, login=credentials.get("email", ""))
