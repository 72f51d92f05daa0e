from django.core import signing
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import email
from .models import MailingOptOut


@never_cache
@csrf_exempt  # RFC 8058: the reader's mail program POSTs here, without a session or a CSRF token
def unsubscribe(request, token: str):
    """Leave one mailing from the e-mail's link: a GET shows a button, a POST (no login) unsubscribes at once.

    A GET never unsubscribes: mail scanners open links. The token is signed; it names the address, the mailing and the
    language the page answers in (the reader's, whatever the browser says).
    """
    try:
        address, mailing, language = email.read_unsubscribe_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "common/unsubscribe.html", {"invalid": True}, status=404)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        context = {"address": address, "mailing": MailingOptOut.Mailing(mailing).label, "language": language}
        if request.method == "POST":
            one_click = request.POST.get("List-Unsubscribe") == "One-Click"
            via = MailingOptOut.Via.ONE_CLICK if one_click else MailingOptOut.Via.LINK
            email.mailing_leave(email=address, mailing=mailing, via=via, language=language)
            response = render(request, "common/unsubscribe.html", {**context, "done": True})
        else:
            left = email.has_left(email=address, mailing=mailing)
            response = render(request, "common/unsubscribe.html", {**context, "left": left})
        response["Content-Language"] = language
        return response
