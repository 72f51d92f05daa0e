"""The network's presentation and timeline, in French (the source) and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import NetworkText, TimelineEntry


@register(NetworkText)
class NetworkTextTranslation(TranslationOptions):
    fields = ("title", "text")


@register(TimelineEntry)
class TimelineEntryTranslation(TranslationOptions):
    fields = ("title", "text")
