"""Bad input: a clear message, nothing saved — in the models, the admin and the proposal form."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, Session
from tests.events.conftest import PHNOM_PENH, admin_form_data
from tests.factories import FUTURE_YEAR, EventFactory, SessionFactory
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def admin_client(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    return coordinator_client


def test_an_event_ending_before_it_starts_is_refused(db):
    event = EventFactory.build(
        starts_at=datetime.datetime(FUTURE_YEAR, 3, 2, 9, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(FUTURE_YEAR, 3, 1, 9, tzinfo=PHNOM_PENH),
        year=FUTURE_YEAR,
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "is before the start" in " ".join(error.value.message_dict["ends_at"])


def test_an_unknown_time_zone_is_refused(db):
    event = EventFactory.build(timezone="Asia/Phnom_Phen")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "“Asia/Phnom_Phen” is not a known time zone" in " ".join(error.value.message_dict["timezone"])


def test_a_session_outside_its_events_days_is_refused(db):
    event = EventFactory(
        starts_at=datetime.datetime(FUTURE_YEAR, 3, 1, 9, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(FUTURE_YEAR, 3, 2, 17, tzinfo=PHNOM_PENH),
    )
    inside = Session(
        event=event, order=1, title="Jour 2", starts_at=datetime.datetime(FUTURE_YEAR, 3, 2, 23, tzinfo=PHNOM_PENH)
    )
    inside.full_clean()
    outside = Session(
        event=event, order=2, title="Jour 3", starts_at=datetime.datetime(FUTURE_YEAR, 3, 3, 9, tzinfo=PHNOM_PENH)
    )
    with pytest.raises(ValidationError) as error:
        outside.full_clean()
    assert "outside the days of the event" in " ".join(error.value.message_dict["starts_at"])
    # The day is the event's own: 00:30 in Phnom Penh on 1 March is still 28 February in UTC.
    early = Session(
        event=event,
        order=3,
        title="Petit-déjeuner",
        starts_at=datetime.datetime(FUTURE_YEAR, 2, 28, 17, 30, tzinfo=datetime.UTC),
    )
    early.full_clean()


def test_a_session_of_an_event_without_a_date_cannot_be_timed(db):
    event = EventFactory(starts_at=None, ends_at=None, year=FUTURE_YEAR + 1, status=Event.Status.TO_CONFIRM)
    session = Session(
        event=event, order=1, title="Ouverture", starts_at=datetime.datetime(FUTURE_YEAR + 1, 1, 1, tzinfo=PHNOM_PENH)
    )
    with pytest.raises(ValidationError, match="still to be confirmed"):
        session.full_clean()


def test_reserved_words_cannot_be_event_slugs(db):
    with pytest.raises(ValidationError):
        EventFactory.build(slug="calendar").full_clean()


def test_the_admin_refuses_an_end_before_the_start_and_saves_nothing(admin_client, open_event):
    url = f"/admin/events/event/{open_event.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data.update({"ends_at_0": f"{FUTURE_YEAR}-02-28", "title": "Titre changé"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "is before the start" in page_text(response)
    open_event.refresh_from_db()
    assert open_event.title == "Atelier Smart Cities"
    assert open_event.ends_at == datetime.datetime(FUTURE_YEAR, 3, 1, 12, tzinfo=PHNOM_PENH)


def test_the_admin_refuses_an_unknown_time_zone_without_an_error_page(admin_client, open_event):
    url = f"/admin/events/event/{open_event.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["timezone"] = "Mars/Olympus_Mons"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "“Mars/Olympus_Mons” is not a known time zone" in page_text(response)
    open_event.refresh_from_db()
    assert open_event.timezone == "Asia/Phnom_Penh"


def test_the_admin_refuses_a_programme_item_outside_the_event(admin_client, open_event):
    SessionFactory(event=open_event, order=1, title="Ouverture")
    url = f"/admin/events/event/{open_event.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    # Programme rows give their day and times (in the event's zone) apart.
    assert (data["sessions-0-day"], data["sessions-0-start_time"]) == (f"{FUTURE_YEAR}-03-01", "09:00:00")
    data.update({"sessions-0-day": f"{FUTURE_YEAR}-03-05", "sessions-0-title": "Déplacée"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "not on the day of the event" in page_text(response)
    assert Session.objects.get(event=open_event).title == "Ouverture"


def test_the_admin_types_and_shows_times_in_the_events_own_zone(admin_client, db):
    congress = EventFactory(
        slug="seminaire-cotonou",
        timezone="Africa/Porto-Novo",
        starts_at=datetime.datetime(FUTURE_YEAR, 6, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Africa/Porto-Novo")),
        ends_at=datetime.datetime(FUTURE_YEAR, 6, 2, 17, 0, tzinfo=zoneinfo.ZoneInfo("Africa/Porto-Novo")),
    )
    url = f"/admin/events/event/{congress.pk}/change/"
    response = admin_client.get(url)
    assert 'value="09:00:00"' in response.content.decode()
    data = admin_form_data(response, zone="Africa/Porto-Novo")
    data["starts_at_1"] = "10:00:00"
    assert admin_client.post(url, data).status_code == 302
    congress.refresh_from_db()
    assert congress.local_start.hour == 10
    assert congress.starts_at == datetime.datetime(FUTURE_YEAR, 6, 2, 9, 0, tzinfo=datetime.UTC)
    assert congress.sequence == 1
