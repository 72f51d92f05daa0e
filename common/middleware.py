from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
