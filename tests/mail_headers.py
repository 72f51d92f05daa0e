"""Messages of Django's locmem outbox as a mail program reads them: parsed by Python's `email` package."""

import email
import email.policy
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

from django.conf import settings


def parsed(message) -> EmailMessage:
    """The message as sent on the wire, parsed back (policy=default)."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def unsubscribe_links(received: EmailMessage) -> tuple[str, str]:
    """(the https link, the mailto) of List-Unsubscribe."""
    links = [part.strip().strip("<>") for part in str(received["List-Unsubscribe"]).split(",")]
    https = [link for link in links if link.startswith(("https:", "http:"))]
    mailto = [link for link in links if link.startswith("mailto:")]
    assert len(https) == 1 and len(mailto) == 1, links
    return https[0], mailto[0]


def assert_automatic(received: EmailMessage, *, language: str) -> None:
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Content-Language"] == language
    assert received["Reply-To"].addresses[0].addr_spec == settings.COORDINATION_REPLY_TO


def assert_bulk(received: EmailMessage, *, language: str) -> str:
    """The headers of a mailing (RFC 2369, RFC 8058); returns the one-click path."""
    assert_automatic(received, language=language)
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(received["List-Id"]).startswith("<") and str(received["List-Id"]).endswith(">")
    link, mailto = unsubscribe_links(received)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/mail/unsubscribe/")
    assert link.startswith("https://")  # the tests run with an https SITE_URL, as production does
    target = urlsplit(mailto)
    assert target.path == settings.UNSUBSCRIBE_MAILTO
    assert parse_qs(target.query)["subject"][0].startswith("unsubscribe ")
    return urlsplit(link).path


def one_click(client, path: str):
    """What a mail program does (RFC 8058 §3.2): a POST with that body, no cookie, no CSRF token."""
    return client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
