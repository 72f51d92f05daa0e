"""Which language a translated text is shown in (django-modeltranslation's columns `<field>_fr`, `<field>_en`).

The content is written in French (the source and the record) and, where someone wrote it, in English. A reader gets
their language's text; where it is missing, the other language's, which the pages mark with its `lang` and a
discreet note (common.templatetags.content_language) rather than leave a field empty."""

from django.conf import settings
from django.utils.translation import get_language

# The note beside a text shown in another language than the reader's, in that text's own language (as a language
# menu names each language in itself).
OTHER_LANGUAGE_NOTES = {"fr": "(en français)", "en": "(in English)"}


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def reader_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in content_languages() else settings.LANGUAGE_CODE


def is_translated_field(obj, field: str) -> bool:
    return hasattr(obj, f"{field}_{settings.LANGUAGE_CODE}")


def text_and_language(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """The text of `field` to show in `language` (the reader's by default), and the language it is written in."""
    language = language or reader_language()
    if not is_translated_field(obj, field):
        return (getattr(obj, field, "") or ""), language
    order = [language] + [code for code in content_languages() if code != language]
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return value, code
    return "", language


def missing_translation(obj, field: str, language: str) -> bool:
    """True when `field` has a text in some language but none in `language`."""
    if not is_translated_field(obj, field):
        return False
    return not getattr(obj, f"{field}_{language}", None) and any(
        getattr(obj, f"{field}_{code}", None) for code in content_languages()
    )


def missing_english() -> list[tuple[type, object]]:
    """Per translated model (modeltranslation's registry), the queryset of its rows with a French text and no
    English one in some translated field."""
    from django.db.models import Q
    from modeltranslation.translator import translator

    result = []
    for model in sorted(translator.get_registered_models(abstract=False), key=lambda m: m._meta.label):
        missing = Q()
        for field in translator.get_options_for_model(model).fields:
            missing |= Q(**{f"{field}_fr__gt": ""}) & (Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""}))
        result.append((model, model._default_manager.filter(missing)))
    return result


def missing_english_union():
    """One queryset of (model label, pk) for every row lacking an English text (a UNION ALL), or None."""
    from django.db.models import CharField, Value

    parts = [
        queryset.order_by().values_list(Value(model._meta.label, output_field=CharField()), "pk")
        for model, queryset in missing_english()
    ]
    return parts[0].union(*parts[1:], all=True) if parts else None


def count_sql(queryset) -> tuple[str, tuple]:
    """`SELECT COUNT(*)` of a queryset, as a scalar subquery to put beside others in one query."""
    if queryset is None:
        return "0", ()
    sql, params = queryset.query.sql_with_params()
    return f"(SELECT COUNT(*) FROM ({sql}) AS counted)", tuple(params)


def source_columns(model, data: dict) -> dict:
    """A form's data with each translated field named by its French column (the source): a text typed under a
    field's plain name is the source text, whatever language the form was read in."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return {
        f"{name}_{source}" if hasattr(model, f"{name}_{source}") and not name.endswith(f"_{source}") else name: value
        for name, value in data.items()
    }
