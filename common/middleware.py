import logging

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class NetworkLanguageMiddleware:
    """French unless the reader chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language; the network works in French,
    so only an explicit choice (the FR/EN switch, stored in the language cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language is given back afterwards.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RefuseNullCharactersMiddleware:
    """A NUL character in the address, the query string or a form field answers 400.

    No field of the portal can hold one (PostgreSQL refuses it in any text), yet lookups built from the
    query string (the admin's list filters and search, the site's filters) would hand it to the database,
    which answers with an error, and the reader with a 500. Multipart bodies (forms with a file) are read
    by their views, whose form fields refuse NUL characters themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _holds_null(request.GET)
            or (_is_plain_form(request) and _holds_null(request.POST))
        ):
            logger.warning("Refused a request with a NUL character: %s %s", request.method, request.path[:200])
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _is_plain_form(request) -> bool:
    # A multipart body is left to the view: some set their upload handlers before it is read.
    return request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"


def _holds_null(query_dict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())
