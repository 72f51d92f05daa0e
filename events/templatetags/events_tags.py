import datetime as dt
import zoneinfo

from django import template
from django.utils.html import conditional_escape, format_html_join

from common.templatetags.content_language import translated
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
    language's marked with its `lang` and the note, by `{% translated %}` itself."""
    country = translated(event.country, "name") if event.country else translated(event, "country_name")
    parts = [conditional_escape(part) for part in (event.place, event.city) if part]
    if country:
        parts.append(country)
    return format_html_join(", ", "{}", ((part,) for part in parts))
