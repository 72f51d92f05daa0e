"""The PDF record of a closed validation round: rendered once per change of what it shows, then streamed.

Before, every download rendered it: six downloads at once from one member held every web process (and /healthz
went from 3 ms to 2.5 s). Now the record is rendered at the first download in a language after it changes, and
kept (ResultPDF); two readers asking for it at the same moment render it once (the second is asked to retry in a
few seconds), and common.pdf bounds how many PDFs one process renders at a time.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import RENDERING_PROFILE, PDFRenderBusy, render_pdf

from .models import Consultation, ResultPDF

logger = logging.getLogger(__name__)
RENDERING_LOCK_SECONDS = 120


def result_pdf_html(*, consultation: Consultation, language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "consultations/result_pdf.html",
            {"consultation": consultation, "tally": consultation.tally, "LANGUAGE_CODE": language},
        )


def result_pdf(*, consultation: Consultation, language: str) -> ResultPDF:
    """The stored record if it still shows what the round shows now; else rendered now, stored and returned.

    Raises common.pdf.PDFRenderBusy when another request is rendering it (or no rendering slot is free).
    """
    html = result_pdf_html(consultation=consultation, language=language)
    fingerprint = hashlib.sha256((RENDERING_PROFILE + html).encode()).hexdigest()
    row = ResultPDF.objects.filter(consultation=consultation, language=language).first()
    if row is not None and row.source_hash == fingerprint and row.file:
        return row
    lock = f"consultations:result-pdf-rendering:{consultation.pk}:{language}"
    if not cache.add(lock, 1, timeout=RENDERING_LOCK_SECONDS):
        raise PDFRenderBusy("The record of this round is being rendered by another request.")
    try:
        pdf = render_pdf(html=html)
        return _store(consultation=consultation, language=language, pdf=pdf, fingerprint=fingerprint)
    finally:
        cache.delete(lock)


def _store(*, consultation: Consultation, language: str, pdf: bytes, fingerprint: str) -> ResultPDF:
    storage = ResultPDF._meta.get_field("file").storage
    name = storage.save(ResultPDF._meta.get_field("file").generate_filename(None, "record.pdf"), ContentFile(pdf))
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row, _created = ResultPDF.objects.select_for_update().get_or_create(
                        consultation=consultation,
                        language=language,
                        defaults={"file": name, "source_hash": fingerprint, "rendered_at": timezone.now()},
                    )
            except IntegrityError:  # stored meanwhile by another process
                row = ResultPDF.objects.select_for_update().get(consultation=consultation, language=language)
            previous = row.file.name
            row.file.name, row.source_hash, row.size, row.rendered_at = name, fingerprint, len(pdf), timezone.now()
            row.save()
    except BaseException:
        storage.delete(name)
        raise
    if previous and previous != name:
        transaction.on_commit(lambda: _delete_quietly(storage, previous))
    return row


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the replaced record %s", name)
