from django import template
from django.utils.safestring import mark_safe

from common.money import format_money

register = template.Library()


@register.filter
def money(amount):
    """An amount of the dues ledger with its currency, as the reader's language writes it."""
    return format_money(amount)


def status_bars(status_counts) -> tuple[list[tuple], int]:
    """Turn (status, label, count) rows into the segments of a stacked bar: (status, label, count, x, width) in
    percent of the total, and the total."""
    total = sum(count for _, _, count in status_counts)
    bars, x = [], 0.0
    for status, label, count in status_counts:
        width = 100.0 * count / total if total else 0.0
        bars.append((status, label, count, x, width))
        x += width
    return bars, total


@register.inclusion_tag("includes/status_chart.html")
def status_chart(status_counts):
    """The bar segments of an inline SVG."""
    bars, total = status_bars(status_counts)
    return {"bars": bars, "total": total}


class _CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # blocks inside stay overridable by the templates that extend this one

    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # rendered, hence escaped, already
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render the inside once into a variable, to print it in two places
    (base.html: the page's title in <title> and in its default meta description)."""
    try:
        _tag, name = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("usage: {% capture name %}…{% endcapture %}") from error
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _CaptureNode(nodelist, name)
