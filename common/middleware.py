import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
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
    """In the admin, a NUL character in the address, the query string or a plain form answers 400.

    No field of the portal can hold one (PostgreSQL refuses it in any text). The site's forms and filters say so
    to the reader (Django's form fields refuse it); the admin builds its list filters, search and actions from
    the query string itself and handed it to the database, which answered with an error, and the coordinator
    with a 500. Multipart bodies (forms with a file) are left to their forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix) and _holds_null(request):
            logger.warning("Refused a request with a NUL character: %s %s", request.method, request.path[:200])
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _holds_null(request) -> bool:
    # A multipart body is left to the view: some set their upload handlers before it is read.
    plain_form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
    parts = [request.GET, request.POST] if plain_form else [request.GET]
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values) for part in parts for key, values in part.lists()
    )


class PDFBusyMiddleware:
    """A PDF that could not start rendering because this process renders as many as it may (common.pdf) answers
    503 with Retry-After: the reader's browser, or the reader, asks again a few seconds later."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from common.pdf import PDFRenderBusy

        if not isinstance(exception, PDFRenderBusy):
            return None
        logger.warning("No PDF rendering slot free for %s", request.path[:200])
        response = render(request, "pdf_busy.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
