"""Writes of the document archive: new documents and new versions, checked before anything is stored."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Max

from common.translated import source_columns

from . import permissions
from .models import Document, DocumentVersion
from .validation import FileType, safe_file_name, validate_upload

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

DOCUMENT_FIELDS = (
    "title",
    "description",
    "category",
    "event",
    "member",
    "language",
    "visibility",
    "published_on",
)


@transaction.atomic
def document_create(
    *, by: User, data: dict, uploaded_file: File, detected: FileType | None = None, themes=()
) -> Document:
    """A new document with its first version. Nothing is stored when the file or the rights fail."""
    if not permissions.can_upload_for(by, data.get("member")):
        raise PermissionDenied("This person may not upload documents for this member.")
    if data.get("visibility", Document.Visibility.MEMBERS) not in permissions.upload_visibilities(by):
        raise PermissionDenied("This person may not choose this visibility.")
    detected = detected or validate_upload(uploaded_file)
    document = Document.objects.create(
        **source_columns(Document, {field: data[field] for field in DOCUMENT_FIELDS if field in data}), uploaded_by=by
    )
    document.themes.set(themes)
    _store_version(document=document, uploaded_file=uploaded_file, by=by, detected=detected)
    return document


@transaction.atomic
def document_version_add(
    *, document: Document, by: User, uploaded_file: File, detected: FileType | None = None
) -> DocumentVersion:
    """A new current file for the document; the earlier versions stay as they are."""
    if not permissions.can_add_version(by, document):
        raise PermissionDenied("This person may not add a version to this document.")
    detected = detected or validate_upload(uploaded_file)
    return _store_version(document=document, uploaded_file=uploaded_file, by=by, detected=detected)


def _store_version(*, document: Document, uploaded_file: File, by: User | None, detected: FileType) -> DocumentVersion:
    # The row lock serialises concurrent uploads to one document, so version numbers never collide.
    Document.objects.select_for_update().only("pk").get(pk=document.pk)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=safe_file_name(uploaded_file.name, file_type=detected),
        content_type=detected.content_type,
        size=uploaded_file.size,
        uploaded_by=by,
    )
    # Stored under a random name (upload_to), through the storage API only: local disk or S3 alike.
    version.file.save(version.original_name, uploaded_file, save=False)
    try:
        version.save()
    except BaseException:
        _delete_stored_file(name=version.file.name)
        raise
    return version


def _delete_stored_file(*, name: str) -> None:
    storage = DocumentVersion._meta.get_field("file").storage
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - local OSError or S3 ClientError: a failed clean-up must not hide the cause
        logger.exception("Could not delete the stored file %s", name)


def stored_file_delete_on_commit(*, name: str) -> None:
    """Remove a deleted version's file once the deletion is committed (never before: a rollback keeps the row)."""
    if name:
        transaction.on_commit(lambda: _delete_stored_file(name=name))
