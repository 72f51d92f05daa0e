"""The time zone a reader wants to see times in, kept in a cookie (no account setting is needed)."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

COOKIE_NAME = "rvase_tz"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# Where the network's people and partners are: its three countries, the AIMF in Paris, francophone Africa
# and Canada. Labelled by a city the reader knows.
READER_TIMEZONES = [
    ("Asia/Phnom_Penh", _("Phnom Penh")),
    ("Asia/Vientiane", _("Vientiane")),
    ("Asia/Ho_Chi_Minh", _("Hanoi, Ho Chi Minh City")),
    ("Asia/Bangkok", _("Bangkok")),
    ("Europe/Paris", _("Paris, Brussels")),
    ("Africa/Porto-Novo", _("Cotonou, Porto-Novo")),
    ("Africa/Dakar", _("Dakar, Abidjan")),
    ("America/Toronto", _("Montréal, Québec")),
    ("UTC", _("UTC")),
]
READER_TIMEZONE_NAMES = {name for name, _label in READER_TIMEZONES}


def reader_timezone(request) -> str:
    """The zone the reader chose, or the network's own (Asia/Phnom_Penh) until they choose one."""
    chosen = request.COOKIES.get(COOKIE_NAME, "")
    return chosen if chosen in READER_TIMEZONE_NAMES else settings.TIME_ZONE


def label_for(name: str) -> str:
    return str(dict(READER_TIMEZONES).get(name, name))


def same_clock(moment: dt.datetime, zone_a: str, zone_b: str) -> bool:
    """True when both zones show the same wall-clock time at this moment (Vientiane and Phnom Penh do)."""
    return (
        moment.astimezone(zoneinfo.ZoneInfo(zone_a)).utcoffset()
        == moment.astimezone(zoneinfo.ZoneInfo(zone_b)).utcoffset()
    )
