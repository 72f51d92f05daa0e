from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def plain_text(rendered: str) -> str:
    """A rendered plain-text template as an ordinary string.

    Django marks everything a template renders as safe HTML, and the "text" engine escapes nothing: a text
    part kept with that mark would be shown unescaped by any page that displays it (the admin's digest
    preview did, and a news title with `<meta http-equiv=refresh>` then sent the coordinator elsewhere).
    Adding an unmarked string drops the mark.
    """
    return rendered + ""


def build_templated_email(
    *,
    template: str,
    to: Iterable[str],
    context: Mapping[str, Any],
    language: str | None = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
    headers: Mapping[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The e-mail `send_templated_email` sends, not sent yet: for a preview, or to send through one connection."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
        text = plain_text(render_to_string(f"{template}_message.txt", context, using="text"))
        html = render_to_string(f"{template}_message.html", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        to=list(to),
        headers=dict(headers or {}),
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send_templated_email(**email) -> None:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html` and send them as one e-mail.

    Takes the keyword arguments of `build_templated_email`: template, to, context, and optionally language,
    attachments, headers and connection.
    """
    build_templated_email(**email).send()
