from django import template

from documents.validation import TYPES_BY_CONTENT_TYPE

register = template.Library()

SHORT_LABELS = {"jpeg": "JPG"}


@register.filter
def file_kind(content_type: str) -> str:
    """ "PDF", "DOCX", "JPG"… from a stored content type (which the upload checks set, never the browser)."""
    file_type = TYPES_BY_CONTENT_TYPE.get(content_type or "")
    if file_type is None:
        return ""
    return SHORT_LABELS.get(file_type.key, file_type.key.upper())
