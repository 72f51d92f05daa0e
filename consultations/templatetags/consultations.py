from django import template
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from consultations.models import Consultation, Response

register = template.Library()


@register.filter
def answer_label(value: str) -> str:
    """The label of a stored answer; an empty one is silence."""
    if not value:
        return _("No answer")
    return str(dict(Response.Answer.choices).get(value, value))


@register.filter
def result_label(value: str) -> str:
    return str(dict(Consultation.Result.choices).get(value, value))


@register.filter
def iso_datetime(value: str):
    return parse_datetime(value) if value else None


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f} %"
    except (TypeError, ValueError):
        return "—"
