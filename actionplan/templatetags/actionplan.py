from django import template

from common.templatetags.rvase import status_bars

register = template.Library()


@register.inclusion_tag("actionplan/includes/axis_progress.html")
def axis_progress(axes_overview):
    """One stacked bar per axis from [(axis, [(status, label, count)])], drawn as inline SVG on the server."""
    rows = []
    for axis, counts in axes_overview:
        bars, total = status_bars(counts)
        rows.append({"axis": axis, "bars": bars, "total": total})
    return {"rows": rows}
