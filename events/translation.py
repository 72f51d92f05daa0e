"""The events' texts a reader sees, in French (the source) and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, Session, SessionSpeaker


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(SessionSpeaker)
class SessionSpeakerTranslation(TranslationOptions):
    fields = ("role",)
