"""A translated text in the reader's language, or the other language's marked with its `lang` (common.translated).

    {% load content_language %}
    {% translated action "activities" block=True %}   paragraphs (as |linebreaks)
    {% translated theme "name" %}                     inline

Everything is escaped as `{{ }}` would escape it; HTML written in a translation shows as text."""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from common.translated import OTHER_LANGUAGE_NOTES, is_translated_field, reader_language, text_and_language

register = template.Library()


@register.simple_tag
def translated(obj, field: str, block: bool = False):
    text, language = text_and_language(obj, field)
    body = linebreaks_filter(text, autoescape=True) if block else conditional_escape(text)
    if language == reader_language():
        return body
    note = OTHER_LANGUAGE_NOTES.get(language, f"({language})")
    if block:
        return format_html('<div lang="{}">{}<p class="other-language">{}</p></div>', language, body, note)
    return format_html('<span lang="{}">{} <small class="other-language">{}</small></span>', language, body, note)


@register.simple_tag
def in_source_language(text: str):
    """A text kept in the source language whatever the reader's (the name of a French document), marked with its
    `lang` for a reader of another language; it has no translation to fall back from, so no note."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if not text or reader_language() == source:
        return conditional_escape(text or "")
    return format_html('<span lang="{}">{}</span>', source, text)


@register.simple_tag
def text_language(obj, field: str) -> str:
    """The language the text shown is written in, for a `lang` attribute where the tag above does not fit."""
    return text_and_language(obj, field)[1]


@register.simple_tag
def translation_notice(obj, field: str):
    """ "Translated from the French original" where the reader's text of `field` is a translation of the source."""
    language = reader_language()
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if obj is None or language == source or not is_translated_field(obj, field):
        return ""
    if not (getattr(obj, f"{field}_{language}", None) and getattr(obj, f"{field}_{source}", None)):
        return ""
    return format_html(
        '<p class="translation-notice muted" role="note">{}</p>', _("Translated from the French original.")
    )
