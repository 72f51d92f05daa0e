import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.selectors import MARK_START, MARK_STOP

register = template.Library()
MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.S)


@register.filter
def highlighted(text: str) -> str:
    """An excerpt from PostgreSQL, escaped, its marked words in <mark>; stray markers dropped."""
    escaped = escape(text or "")
    marked = MARKED.sub(lambda match: f"<mark>{match.group(1)}</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308 — escaped just above
