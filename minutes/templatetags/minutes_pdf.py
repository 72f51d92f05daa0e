from django import template
from django.utils.safestring import mark_safe

from minutes.pdfs import page_counter_css

register = template.Library()


@register.simple_tag
def page_counter() -> str:
    """CSS `content` for the "Page X of Y" footer of a PDF, in the active language."""
    return mark_safe(page_counter_css())  # noqa: S308 — built by css_string(), which escapes quotes and "<"
