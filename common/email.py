"""The portal's e-mail: every message rendered from templates, with the headers automatic and bulk mail need.

Every message the portal sends is automatic: `Auto-Submitted: auto-generated` (RFC 3834, so that out-of-office
replies stay quiet), `Content-Language` (the language it was rendered in) and `Reply-To` the coordination
(COORDINATION_REPLY_TO). A message of a mailing (the monthly digest, reminders, circulations: `mailing=`) also carries
`List-Unsubscribe` with an https link and a mailto, and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
(RFC 8058): the mail program POSTs to the link, without a login or a CSRF token, and the address leaves the mailing at
once (common.views.unsubscribe). An address that left a mailing is not written to again by it.
"""

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import MailingOptOut

UNSUBSCRIBE_SALT = "common.email.unsubscribe"
Mailing = MailingOptOut.Mailing


def plain_text(rendered: str) -> str:
    """A rendered plain-text template as an ordinary string.

    Django marks everything a template renders as safe HTML, and the "text" engine escapes nothing: a text
    part kept with that mark would be shown unescaped by any page that displays it (the admin's digest
    preview did, and a news title with `<meta http-equiv=refresh>` then sent the coordinator elsewhere).
    Adding an unmarked string drops the mark.
    """
    return rendered + ""


# ---- leaving a mailing -------------------------------------------------------------------------------------------


def unsubscribe_token(*, email: str, mailing: str, language: str) -> str:
    """Signed, so that nobody can unsubscribe another address; it holds the language the page answers in."""
    return signing.dumps(
        {"e": email.strip().lower(), "m": mailing, "l": language}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe_token(token: str) -> tuple[str, str, str]:
    """(address, mailing, language); raises signing.BadSignature (or ValueError) for a token not ours."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("m") not in Mailing.values or not data.get("e"):
        raise ValueError("Not an unsubscription token")
    return data["e"], data["m"], data.get("l") or settings.LANGUAGE_CODE


def unsubscribe_url(*, email: str, mailing: str, language: str) -> str:
    token = unsubscribe_token(email=email, mailing=mailing, language=language)
    return settings.SITE_URL.rstrip("/") + reverse("unsubscribe", kwargs={"token": token})


def unsubscribe_mailto(*, email: str, mailing: str, language: str) -> str:
    token = unsubscribe_token(email=email, mailing=mailing, language=language)
    return f"mailto:{settings.UNSUBSCRIBE_MAILTO}?subject={quote('unsubscribe ' + token)}"


def opted_out(*, addresses: Iterable[str], mailing: str) -> set[str]:
    """Which of `addresses` (compared without case) left `mailing`: one query."""
    wanted = {address.strip().lower() for address in addresses if address}
    if not wanted:
        return set()
    return set(MailingOptOut.objects.filter(mailing=mailing, email__in=wanted).values_list("email", flat=True))


def has_left(*, email: str, mailing: str) -> bool:
    return bool(email) and bool(opted_out(addresses=[email], mailing=mailing))


def mailing_leave(*, email: str, mailing: str, via: str, language: str = "") -> MailingOptOut:
    """The address leaves the mailing now (again: nothing changes)."""
    opt_out, _created = MailingOptOut.objects.get_or_create(
        email=email.strip().lower(), mailing=mailing, defaults={"via": via, "language": language}
    )
    return opt_out


def mailing_rejoin(*, email: str, mailing: str) -> None:
    MailingOptOut.objects.filter(email=email.strip().lower(), mailing=mailing).delete()


# ---- building and sending ----------------------------------------------------------------------------------------


def automatic_headers(*, language: str, to: list[str], mailing: str | None) -> dict[str, str]:
    headers = {"Auto-Submitted": "auto-generated", "Content-Language": language}
    if mailing and len(to) == 1:
        address = to[0]
        link = unsubscribe_url(email=address, mailing=mailing, language=language)
        mailto = unsubscribe_mailto(email=address, mailing=mailing, language=language)
        headers["List-Unsubscribe"] = f"<{link}>, <{mailto}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        domain = urlsplit(settings.SITE_URL).hostname or "rvase.example"
        headers["List-Id"] = f"<{mailing.replace('_', '-')}.{domain}>"
    return headers


def build_templated_email(
    *,
    template: str,
    to: Iterable[str],
    context: Mapping[str, Any],
    language: str | None = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    headers: Mapping[str, str] | None = None,
    connection=None,
    mailing: str | None = None,
) -> EmailMultiAlternatives:
    """The e-mail `send_templated_email` sends, not sent yet: for a preview, or to send through one connection.

    With `mailing`, a message to one address carries that address's unsubscription link (in `unsubscribe_url` for
    the templates as well as in the headers).
    """
    to = list(to)
    language = language or settings.LANGUAGE_CODE
    all_headers = {**automatic_headers(language=language, to=to, mailing=mailing), **(headers or {})}
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    if "List-Unsubscribe" in all_headers:
        # The very link of the header (a token signed again a second later would differ from it).
        link = all_headers["List-Unsubscribe"].split(",", 1)[0].strip(" <>")
        context.setdefault("unsubscribe_url", link)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
        text = plain_text(render_to_string(f"{template}_message.txt", context, using="text"))
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=to,
        reply_to=[settings.COORDINATION_REPLY_TO],
        headers=all_headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send_templated_email(*, to: Iterable[str], mailing: str | None = None, **email) -> bool:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html` and send them as one e-mail.

    Takes the keyword arguments of `build_templated_email`: template, to, context, and optionally language,
    attachments, headers, connection and mailing. The addresses that left `mailing` are left out; says whether
    anything was sent.
    """
    to = [address for address in to if address]
    if mailing:
        gone = opted_out(addresses=to, mailing=mailing)
        to = [address for address in to if address.strip().lower() not in gone]
    if not to:
        return False
    build_templated_email(to=to, mailing=mailing, **email).send()
    return True
