"""The members' texts a reader sees, in French (the source) and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country, Member, NewsItem


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name", "description")


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "text")
