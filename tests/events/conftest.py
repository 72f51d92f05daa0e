import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from events.models import Event
from members.models import DuesRecord
from tests.factories import (
    FUTURE_YEAR,
    DuesRecordFactory,
    EventFactory,
    FocalPointFactory,
    MemberFactory,
    NamedPersonFactory,
    UserFactory,
)

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


def parse_feed(response) -> icalendar.Calendar:
    """The response as a calendar, after checking what a calendar client checks first."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar.get("PRODID")
    return calendar


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def uid(event: Event) -> str:
    return f"event-{event.pk}@rvase"


def smart_cities_workshop(**fields) -> Event:
    """A workshop in the fixtures' future (FUTURE_YEAR) in Phnom Penh, open for registration."""
    return EventFactory(
        slug=f"atelier-smart-cities-{FUTURE_YEAR}",
        title="Atelier Smart Cities",
        kind=Event.Kind.WORKSHOP,
        starts_at=datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(FUTURE_YEAR, 3, 1, 12, 0, tzinfo=PHNOM_PENH),
        city="Phnom Penh",
        **fields,
    )


@pytest.fixture
def open_event(db):
    return smart_cities_workshop()


@pytest.fixture
def dues_paid(member):
    return DuesRecordFactory(member=member, year=FUTURE_YEAR, status=DuesRecord.Status.PAID)


def admin_form_data(response, zone: str = "Asia/Phnom_Penh") -> dict:
    """The POST data the admin change form would send back unchanged: main form and every inline formset.

    Date and times are written in `zone`, the event's zone in which the admin page shows them.
    """
    data = {}

    def add_form(form):
        for name in form.fields:
            key = form.add_prefix(name)
            with timezone.override(zone):
                value = form[name].value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, datetime.datetime):
                if value.tzinfo is not None:
                    value = value.astimezone(zoneinfo.ZoneInfo(zone))
                data[f"{key}_0"] = value.strftime("%Y-%m-%d")
                data[f"{key}_1"] = value.strftime("%H:%M:%S")
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.forms:
            add_form(form)
    return data


def other_focal_point_of_another_member():
    """The focal point (with a login) of a member other than the `member` fixture's."""
    other = MemberFactory()
    return FocalPointFactory(member=other, person=NamedPersonFactory(user=UserFactory(), member=other))
