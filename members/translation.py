"""The members' texts a reader sees, in French (the source) and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country, Member, NewsItem, Person


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name", "description")


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Person)
class PersonTranslation(TranslationOptions):
    # The function and the form of address; the name and the organisation (part of the person's key) are not.
    fields = ("honorific", "title")
