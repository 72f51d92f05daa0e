from django import template

register = template.Library()


@register.inclusion_tag("includes/status_chart.html")
def status_chart(status_counts):
    """Turn (status, label, count) rows into the bar segments of an inline SVG."""
    total = sum(count for _, _, count in status_counts)
    bars, x = [], 0.0
    for status, label, count in status_counts:
        width = 100.0 * count / total if total else 0.0
        bars.append((status, label, count, x, width))
        x += width
    return {"bars": bars, "total": total}
