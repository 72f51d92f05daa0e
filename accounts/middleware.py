from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import throttle


class TrustedBrowserMiddleware:
    """After a login, mark the browser as one the account logs in from (accounts.throttle): an attack on the
    account from elsewhere never locks this browser out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login = getattr(request, "_logged_in_as", None)
        if login:
            response.set_cookie(
                throttle.TRUSTED_BROWSER_COOKIE,
                throttle.trusted_browser_cookie(request, login),
                max_age=throttle.TRUSTED_BROWSER_DAYS * 86400,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


TWO_STEP_SESSION_KEY = "accounts_two_step_proved"
# Pages a coordinator without two-step sign-in still reaches: logging in and out, setting it up, the language.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


def needs_two_step(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_coordinator)


def two_step_proved(request, *args, **kwargs) -> None:
    """A second factor was given (at login or to confirm a sensitive step) or set up in this session."""
    if request is not None and hasattr(request, "session"):
        request.session[TWO_STEP_SESSION_KEY] = True


class RequireTwoStepSignInMiddleware:
    """With settings.MFA_REQUIRED_FOR_COORDINATION, the coordination and staff use two-step sign-in.

    Until they have set it up, every page but the ones above sends them to set it up, and the admin does not
    open. A session that never gave a second factor (opened before it was set up, elsewhere) is asked for a code
    before going on. Everyone else may turn it on at /accounts/2fa/ and is never forced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED_FOR_COORDINATION
            and not request.path.startswith(OPEN_PREFIXES)
            and needs_two_step(request.user)
            and not request.session.get(TWO_STEP_SESSION_KEY)
        ):
            return self.ask_for_second_factor(request)
        return self.get_response(request)

    def ask_for_second_factor(self, request):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled

        next_url = urlencode({"next": request.get_full_path()})
        if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_url}")
        messages.warning(
            request,
            _(
                "The coordination's accounts hold every member's contacts and the dues: set up two-step sign-in "
                "with an authenticator app to go on."
            ),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_url}")
