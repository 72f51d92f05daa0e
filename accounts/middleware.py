from django.conf import settings

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
