import datetime as dt
import zoneinfo

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join

from common.translated import OTHER_LANGUAGE_NOTES, reader_language, text_and_language
from events.models import Event, is_known_timezone

register = template.Library()


@register.filter
def utc_offset(value: dt.datetime | None, zone: str) -> str:
    """ "UTC+7", "UTC+1", "UTC+5:30": the offset of `zone` at that moment, as readers write it."""
    if not value or not is_known_timezone(zone):
        return ""
    offset = value.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.simple_tag
def local_days_equal(start: dt.datetime | None, end: dt.datetime | None, zone: str) -> bool:
    if not start or not end or not is_known_timezone(zone):
        return True
    tz = zoneinfo.ZoneInfo(zone)
    return start.astimezone(tz).date() == end.astimezone(tz).date()


@register.simple_tag
def event_location(event: Event):
    """`event.location` for a page: the country's name in the reader's language, or, where it has none, the other
    language's marked with its `lang` and the note, as `{% translated %}` marks a text."""
    country, language = (
        text_and_language(event.country, "name") if event.country else text_and_language(event, "country_name")
    )
    parts = [conditional_escape(part) for part in (event.place, event.city) if part]
    if country and language != reader_language():
        note = OTHER_LANGUAGE_NOTES.get(language, f"({language})")
        parts.append(
            format_html('<span lang="{}">{} <small class="other-language">{}</small></span>', language, country, note)
        )
    elif country:
        parts.append(conditional_escape(country))
    return format_html_join(", ", "{}", ((part,) for part in parts))
