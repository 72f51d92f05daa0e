"""Minutes say what happened: they are circulated and approved only once the event has taken place."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import DecisionFactory, EventFactory, MinutesAttendeeFactory, MinutesFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def minutes_of(event):
    minutes = MinutesFactory(event=event)
    MinutesAttendeeFactory(minutes=minutes)
    DecisionFactory(minutes=minutes, number=1)
    return minutes


@pytest.mark.parametrize("step", ["circulate", "approve"])
def test_minutes_of_an_event_to_come_are_neither_circulated_nor_approved(coordinator_client, step):
    start = timezone.now() + datetime.timedelta(days=20)
    event = EventFactory(title="Réunion annuelle 2027", starts_at=start, ends_at=start + datetime.timedelta(hours=4))
    minutes = minutes_of(event)
    if step == "approve":
        type(minutes).objects.filter(pk=minutes.pk).update(status="circulated")
    response = coordinator_client.post(f"/events/{event.slug}/minutes/{step}/", follow=True)
    text = page_text(response)
    assert "« Réunion annuelle 2027 » n'a pas encore eu lieu" in text
    assert "son compte rendu ne peut être diffusé et approuvé qu'ensuite" in text
    minutes.refresh_from_db()
    assert minutes.status == ("circulated" if step == "approve" else "draft")
    assert not minutes.versions.exists()


def test_minutes_of_an_event_whose_date_is_not_known_wait_for_it(coordinator_client):
    event = EventFactory(title="Atelier 2031", starts_at=None, ends_at=None, year=2031, status="to_confirm")
    minutes = minutes_of(event)
    response = coordinator_client.post(f"/events/{event.slug}/minutes/circulate/", follow=True)
    assert "La date de « Atelier 2031 » reste à confirmer" in page_text(response)
    minutes.refresh_from_db()
    assert minutes.status == "draft"


def test_minutes_of_an_event_that_took_place_are_circulated(coordinator_client):
    minutes = minutes_of(EventFactory(starts_at=timezone.now() - datetime.timedelta(days=2)))
    coordinator_client.post(f"/events/{minutes.event.slug}/minutes/circulate/")
    minutes.refresh_from_db()
    assert minutes.status == "circulated"
