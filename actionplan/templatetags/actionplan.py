from django import template

register = template.Library()


def _bars(status_counts):
    total = sum(count for _, _, count in status_counts)
    bars, x = [], 0.0
    for status, label, count in status_counts:
        width = 100.0 * count / total if total else 0.0
        bars.append((status, label, count, x, width))
        x += width
    return bars, total


@register.inclusion_tag("actionplan/includes/axis_progress.html")
def axis_progress(axes_overview):
    """One stacked bar per axis from [(axis, [(status, label, count)])], drawn as inline SVG on the server."""
    rows = []
    for axis, counts in axes_overview:
        bars, total = _bars(counts)
        rows.append({"axis": axis, "bars": bars, "total": total})
    return {"rows": rows}
