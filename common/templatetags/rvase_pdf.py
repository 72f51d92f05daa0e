from django import template

from common.pdf import static_url

register = template.Library()


@register.simple_tag
def pdf_static(path: str) -> str:
    """A static file (font, image) as the PDF renderer's URL fetcher serves it."""
    return static_url(path)
