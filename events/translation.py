"""The events' texts a reader sees, in French (the source) and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, Session, SessionSpeaker


@register(Event)
class EventTranslation(TranslationOptions):
    # The country outside the network is a name the reader reads too ("Bénin": "Benin").
    fields = ("title", "description", "country_name")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(SessionSpeaker)
class SessionSpeakerTranslation(TranslationOptions):
    fields = ("role",)
