"""The minutes' and the annual-meeting summary's PDFs: rendered once, stored, then streamed.

One PDF per (approved version, language) for minutes: the approved text is frozen, only the labels and the
dates follow the reader's language, so each language is rendered once — by the Celery task that follows an
approval, or at the first download in a language that task did not cover. The summary reads live data (the
programme, the actions' statuses), so it is stored per (event, language) with the fingerprint of what it
showed, and rendered again only when that changes. Rendering goes through common.pdf.render_pdf (WeasyPrint
in a child process, a time limit, a URL fetcher limited to the project's static files).

A failed rendering never removes the file already stored: it is recorded on the StoredPDF row (shown to the
coordination on the minutes page and in the admin), logged as an error and e-mailed to the coordination.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.cache import cached_with_token, current_token, renew_tokens
from common.email import send_templated_email
from common.pdf import RENDERING_PROFILE, PDFRenderError, render_pdf
from events.services import coordinator_addresses

from . import selectors
from .models import Minutes, MinutesVersion, StoredPDF, private_pdf_path

if TYPE_CHECKING:
    from events.models import Event

logger = logging.getLogger(__name__)

# After a failure, downloads do not try again for this long (a PDF that timed out would time out again, and
# every reader would wait for it); the coordination's "render again" does not wait.
RETRY_AFTER_SECONDS = 600
FAILURE_MAIL_EVERY_SECONDS = 3600
SUMMARY_HASH_SECONDS = 3600
SUMMARY_TOKEN_KEY = "minutes:summary-token"
STORED_TOKEN_KEY = "minutes:stored-pdf-token"
STORED_LOOKUP_SECONDS = 3600


class PDFUnavailable(Exception):
    """No PDF can be served now: the rendering failed (or failed recently) and none was stored before."""


def pdf_language(code: str | None) -> str:
    """One of the site's languages: a PDF is stored per language."""
    supported = [language for language, _name in settings.LANGUAGES]
    code = (code or "").lower()
    if code in supported:
        return code
    base = code.split("-")[0]
    return base if base in supported else settings.LANGUAGE_CODE


def pdf_languages() -> list[str]:
    return [language for language, _name in settings.LANGUAGES]


def _storage():
    return StoredPDF._meta.get_field("file").storage


# ---- HTML ------------------------------------------------------------------------------------------------------


def minutes_pdf_html(*, version: MinutesVersion, language: str) -> str:
    with translation.override(language):
        content = selectors.minutes_display(version.content)
        # The approved text stays as it was approved; its title, the event's, is the reader's (issue 21).
        event = {**content["event"], "title": _event_title(version, language, content["event"].get("title"))}
        return render_to_string(
            "minutes/pdf/minutes.html",
            {
                "version": version,
                "minutes": content,
                "event": event,
                "site_url": settings.SITE_URL.rstrip("/"),
                "language": language,
                **selectors.meeting_record(event=version.minutes.event),
            },
        )


def _event_title(version: MinutesVersion, language: str, approved_title: str | None) -> str | None:
    event = version.minutes.event
    return getattr(event, f"title_{language}", None) or approved_title


def current_minutes_pdf_html(*, minutes: Minutes, language: str) -> str:
    """The minutes' text as it stands (a circulated text awaiting validation), not an approved version."""
    with translation.override(language):
        content = selectors.minutes_display(selectors.minutes_snapshot(minutes=minutes))
        return render_to_string(
            "minutes/pdf/minutes.html",
            {
                "version": None,
                "current": minutes,
                "minutes": content,
                "event": content["event"],
                "site_url": settings.SITE_URL.rstrip("/"),
                "language": language,
                **selectors.meeting_record(event=minutes.event),
            },
        )


def current_minutes_pdf(*, minutes: Minutes, language: str) -> bytes:
    """The PDF of the minutes' current text (filed in the archive by the 2023 record, e.g. as circulated)."""
    return render_pdf(html=current_minutes_pdf_html(minutes=minutes, language=language))


def summary_pdf_html(*, event: Event, language: str, produced_on=None) -> str:
    with translation.override(language):
        return render_to_string(
            "minutes/pdf/summary.html",
            {
                **selectors.summary_context(event=event),
                "site_url": settings.SITE_URL.rstrip("/"),
                "language": language,
                "produced_on": produced_on,
            },
        )


def _hash(html: str) -> str:
    return hashlib.sha256((RENDERING_PROFILE + html).encode()).hexdigest()


# ---- the summary's freshness -------------------------------------------------------------------------------------


def summary_token() -> str:
    """Changes whenever something the summaries show is saved (minutes.signals)."""
    return current_token(SUMMARY_TOKEN_KEY)


def summaries_changed() -> None:
    renew_tokens([SUMMARY_TOKEN_KEY])


def summary_fingerprint(*, event: Event, language: str) -> str:
    """The fingerprint of what the summary would show now, cached until something it shows is saved."""
    key = f"minutes:summary-hash:{event.pk}:{language}:{summary_token()}"
    value = cache.get(key)
    if value is None:
        value = _hash(summary_pdf_html(event=event, language=language))
        cache.set(key, value, timeout=SUMMARY_HASH_SECONDS)
    return value


# ---- rendering and storing ---------------------------------------------------------------------------------------


def _failure_key(row_key: str, source_hash: str) -> str:
    return f"minutes:pdf-failed:{row_key}:{source_hash}"


def _store(*, lookup: dict, pdf: bytes, source_hash: str, seconds: float) -> StoredPDF:
    """Keep the new file and point the row at it; the file it replaces is deleted once that is committed."""
    storage = _storage()
    name = storage.save(private_pdf_path(None, ""), ContentFile(pdf))
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row, _created = StoredPDF.objects.select_for_update().get_or_create(**lookup)
            except IntegrityError:  # created meanwhile by another request for the same PDF
                row = StoredPDF.objects.select_for_update().get(**lookup)
            previous = row.file.name
            row.file.name = name
            row.size = len(pdf)
            row.source_hash = source_hash
            row.rendered_at = timezone.now()
            row.render_seconds = round(seconds, 3)
            row.error = ""
            row.failed_at = None
            row.save()
    except BaseException:
        storage.delete(name)
        raise
    if previous and previous != name:
        transaction.on_commit(lambda: _delete_quietly(previous))
    return row


def _delete_quietly(name: str) -> None:
    try:
        _storage().delete(name)
    except Exception:  # noqa: BLE001 — an orphan file is harmless; a failed clean-up must not break a download
        logger.exception("Could not delete the replaced PDF %s", name)


def _render(*, lookup: dict, row_key: str, html: str, source_hash: str, what: str, archival: bool = False) -> StoredPDF:
    started = time.perf_counter()
    try:
        pdf = render_pdf(html=html, archival=archival)
    except PDFRenderError as error:
        cache.set(_failure_key(row_key, source_hash), str(error)[:500], timeout=RETRY_AFTER_SECONDS)
        _record_failure(lookup=lookup, error=error, what=what)
        raise
    return _store(lookup=lookup, pdf=pdf, source_hash=source_hash, seconds=time.perf_counter() - started)


def _record_failure(*, lookup: dict, error: Exception, what: str) -> None:
    """Say it where the coordination looks: on the row (minutes page, admin), in the log, by e-mail."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _created = StoredPDF.objects.get_or_create(**lookup)
        except IntegrityError:
            row = StoredPDF.objects.get(**lookup)
        row.error = str(error)[:2000] or type(error).__name__
        row.failed_at = timezone.now()
        row.save(update_fields=["error", "failed_at"])
    logger.error("Rendering the PDF of %s failed: %s", what, error)
    if cache.add(f"minutes:pdf-failure-mail:{row.pk}", 1, timeout=FAILURE_MAIL_EVERY_SECONDS):
        event = row.event
        base = settings.SITE_URL.rstrip("/")
        send_templated_email(
            template="minutes/email/pdf_render_failed",
            to=coordinator_addresses(),
            context={
                "kind": row.kind,
                "version_number": lookup["version"].number if lookup.get("version") else None,
                "event": event,
                "language": row.language,
                "error": row.error,
                "kept": bool(row.file),
                "minutes_url": base + reverse("minutes:detail", kwargs={"slug": event.slug}),
                "admin_url": base + reverse("admin:minutes_storedpdf_change", args=[row.pk]),
            },
        )


def minutes_pdf(*, version: MinutesVersion, language: str, force: bool = False) -> StoredPDF:
    """The stored PDF of an approved version in a language, rendered now if it never was.

    Raises PDFUnavailable when it cannot be rendered (the failure is recorded and reported).
    """
    lookup = {
        "kind": StoredPDF.Kind.MINUTES,
        "event_id": version.minutes.event_id,
        "version": version,
        "language": language,
    }
    row = StoredPDF.objects.filter(kind=StoredPDF.Kind.MINUTES, version=version, language=language).first()
    if row is not None and row.file and not force:
        return row
    row_key = f"minutes:{version.pk}:{language}"
    if not force and cache.get(_failure_key(row_key, version.fingerprint)) is not None:
        raise PDFUnavailable
    html = minutes_pdf_html(version=version, language=language)
    # In the log, in English; the coordination's e-mail words it in its own language.
    what = f"the minutes of {version.minutes.event}, version {version.number} ({language})"
    try:
        # An approved version is the network's record: archival PDF/A-3b (and tagged, as every PDF).
        return _render(
            lookup=lookup, row_key=row_key, html=html, source_hash=version.fingerprint, what=what, archival=True
        )
    except PDFRenderError as error:
        if row is not None and row.file:
            return row  # a new rendering failed: the PDF rendered before stays
        raise PDFUnavailable from error


def stored_minutes_pdf(*, version: MinutesVersion, language: str) -> StoredPDF | None:
    """The PDF already stored for the version, without rendering anything."""
    return (
        StoredPDF.objects.filter(kind=StoredPDF.Kind.MINUTES, version=version, language=language)
        .exclude(file="")
        .first()
    )


def stored_pdfs_changed() -> None:
    """An event, its minutes, a version or a stored PDF was saved or deleted (minutes.signals)."""
    renew_tokens([STORED_TOKEN_KEY])


def downloadable_minutes_pdf(*, slug: str, language: str, number: int | None) -> StoredPDF | None:
    """selectors.stored_minutes_pdf, kept in the cache until an event, minutes, version or stored PDF changes.

    A download then costs one cache round trip instead of a query joining five tables. What the cached row
    holds (the file, the event's publication, visibility and host) is what the view checks the reader
    against; the reader's own rights are never taken from this entry.
    """
    return cached_with_token(
        token_key=STORED_TOKEN_KEY,
        key=f"minutes:stored-minutes-pdf:{slug}:{language}:{number or 0}",
        load=lambda: selectors.stored_minutes_pdf(slug=slug, language=language, number=number),
        timeout=STORED_LOOKUP_SECONDS,
    )


def previous_minutes_pdf(*, version: MinutesVersion, language: str) -> StoredPDF | None:
    """The newest earlier version's stored PDF: served while the current version's cannot be rendered."""
    return (
        StoredPDF.objects.filter(
            kind=StoredPDF.Kind.MINUTES,
            version__minutes_id=version.minutes_id,
            version__number__lt=version.number,
            language=language,
        )
        .exclude(file="")
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


def render_minutes_version(*, version: MinutesVersion, force: bool = False) -> dict[str, bool]:
    """Render (or, with force, render again) the version's PDF in every language; say which ones are available."""
    available = {}
    for language in pdf_languages():
        try:
            minutes_pdf(version=version, language=language, force=force)
        except PDFUnavailable:
            available[language] = stored_minutes_pdf(version=version, language=language) is not None
        else:
            available[language] = True
    return available


def summary_pdf(*, event: Event, language: str, force: bool = False) -> StoredPDF:
    """The stored summary if it still shows what the summary would show now; else rendered now and stored.

    When a new rendering fails, the summary stored before (if any) is returned: it stays in place.
    """
    fingerprint = summary_fingerprint(event=event, language=language)
    row = StoredPDF.objects.filter(kind=StoredPDF.Kind.SUMMARY, event=event, language=language).first()
    if row is not None and row.file and row.source_hash == fingerprint and not force:
        return row
    row_key = f"summary:{event.pk}:{language}"
    if not force and cache.get(_failure_key(row_key, fingerprint)) is not None:
        if row is not None and row.file:
            return row
        raise PDFUnavailable
    with translation.override(language):
        produced_on = timezone.localdate()
    html = summary_pdf_html(event=event, language=language, produced_on=produced_on)
    what = f"the summary of {event} ({language})"
    lookup = {"kind": StoredPDF.Kind.SUMMARY, "event": event, "language": language}
    try:
        return _render(lookup=lookup, row_key=row_key, html=html, source_hash=fingerprint, what=what)
    except PDFRenderError as error:
        row = StoredPDF.objects.filter(kind=StoredPDF.Kind.SUMMARY, event=event, language=language).first()
        if row is not None and row.file:
            return row
        raise PDFUnavailable from error


# ---- the CSS of the page footer ----------------------------------------------------------------------------------


def css_string(value: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, no way out of the <style> element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """`content` for "Page X of Y" in the active language: translators may reorder the two numbers."""
    text = gettext("Page %(page)s of %(pages)s")
    parts = []
    for part in re.split(r"(%\(page\)s|%\(pages\)s)", text):
        if part == "%(page)s":
            parts.append("counter(page)")
        elif part == "%(pages)s":
            parts.append("counter(pages)")
        elif part:
            parts.append(css_string(part))
    return " ".join(parts)
