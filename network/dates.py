"""A date shown as precisely as its source gives it: "16 mai 2023", "décembre 2022", "mars à mai 2023", "2015"."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext


def period_label(*, start: dt.date | None, precision: str, end: dt.date | None = None) -> str:
    if start is None or precision == "undated":
        return gettext("date not given")
    if precision == "year":
        first = str(start.year)
        if end is None or end.year == start.year:
            return first
        return gettext("%(start)s to %(end)s") % {"start": first, "end": end.year}
    if precision == "month":
        if end is None or (end.year, end.month) == (start.year, start.month):
            return date_format(start, "YEAR_MONTH_FORMAT")
        first = date_format(start, "F") if end.year == start.year else date_format(start, "YEAR_MONTH_FORMAT")
        return gettext("%(start)s to %(end)s") % {"start": first, "end": date_format(end, "YEAR_MONTH_FORMAT")}
    if end is None or end == start:
        return date_format(start, "DATE_FORMAT")
    return gettext("%(start)s to %(end)s") % {
        "start": date_format(start, "DATE_FORMAT"),
        "end": date_format(end, "DATE_FORMAT"),
    }
