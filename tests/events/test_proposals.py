"""Focal points propose events for their member; the coordination publishes or declines them."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from events.models import Event
from tests.events.conftest import PHNOM_PENH, events_by_uid, other_focal_point_of_another_member, parse_feed, uid
from tests.factories import FUTURE_YEAR, CoordinatorFactory, EventFactory, FocalPointFactory, MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def proposal(**changes) -> dict:
    data = {
        "title": "Forum des jeunes élus de Hué",
        "kind": Event.Kind.WORKSHOP,
        "description": "Échanges entre jeunes élus du réseau.",
        "timezone": "Asia/Ho_Chi_Minh",
        "start_date": f"{FUTURE_YEAR}-09-10",
        "start_time": "09:00",
        "end_date": f"{FUTURE_YEAR}-09-10",
        "end_time": "16:30",
        "place": "Hôtel de ville",
        "city": "Hué",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": "40",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def english_focal_point(focal_point_client):
    focal_point_client.cookies["django_language"] = "en"
    return focal_point_client


def test_a_focal_point_proposes_an_event_for_their_member(
    english_focal_point, focal_point, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory(email="coordination@rvase.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = english_focal_point.post("/events/propose/", proposal(), follow=True)
    event = Event.objects.get(title="Forum des jeunes élus de Hué")
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert event.publication == Event.Publication.PROPOSED
    assert event.host_member == focal_point.member
    assert event.proposed_by == focal_point.person.user
    assert event.timezone == "Asia/Ho_Chi_Minh"
    assert event.local_start == datetime.datetime(FUTURE_YEAR, 9, 10, 9, 0, tzinfo=event.tzinfo)
    assert event.ends_at - event.starts_at == datetime.timedelta(hours=7, minutes=30)
    assert event.capacity == 40
    text = page_text(response)
    assert "Your proposal was sent to the coordination" in text
    assert "the coordination has not published this event yet" in text
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert "Forum des jeunes élus de Hué" in message.subject
    # Not public until published.
    assert Client().get(event.get_absolute_url()).status_code == 404
    assert "Forum des jeunes" not in page_text(Client().get("/events/"))


def test_a_proposal_with_only_a_year(english_focal_point):
    data = proposal(
        date_to_be_confirmed="on", year=f"{FUTURE_YEAR + 1}", start_date="", start_time="", end_date="", end_time=""
    )
    english_focal_point.post("/events/propose/", data)
    event = Event.objects.get()
    assert event.starts_at is None and event.year == FUTURE_YEAR + 1 and event.status == Event.Status.TO_CONFIRM


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "08:00"}, "The end is before the start."),
        ({"end_date": f"{FUTURE_YEAR}-09-09"}, "The end is before the start."),
        ({"timezone": "Asia/Hue"}, "“Asia/Hue” is not a known time zone"),
        ({"start_date": "2020-01-01", "end_date": "2020-01-01"}, "This date has passed"),
        ({"start_date": ""}, "Give the first day"),
        ({"start_time": ""}, "Give the start time"),
        ({"title": ""}, "This field is required."),
        ({"date_to_be_confirmed": "on", "start_date": "", "year": ""}, "Give the year of the event."),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"start_date": f"{FUTURE_YEAR}-02-31"}, "Enter a valid date."),
    ],
)
def test_bad_proposals_say_what_is_wrong_and_save_nothing(english_focal_point, changes, message):
    response = english_focal_point.post("/events/propose/", proposal(**changes))
    assert response.status_code == 200
    text = page_text(response)
    assert message in text
    assert "nothing was saved" in text
    assert not Event.objects.exists()
    assert not mail.outbox


def test_only_focal_points_propose(client, member_client, db):
    assert Client().get("/events/propose/").status_code == 302
    assert member_client.get("/events/propose/").status_code == 403
    assert member_client.post("/events/propose/", proposal()).status_code == 403
    assert not Event.objects.exists()


def test_a_focal_point_cannot_propose_for_another_member(focal_point_client, db):
    other = MemberFactory()
    assert focal_point_client.post("/events/propose/", proposal(member=str(other.pk))).status_code == 403
    assert not Event.objects.exists()


def test_a_focal_point_of_two_members_chooses_which(focal_point_client, focal_point):
    second = FocalPointFactory(person=focal_point.person, member=MemberFactory(name="Ville de Kampot"), is_primary=True)
    focal_point_client.post("/events/propose/", proposal(member=str(second.member.pk)))
    assert Event.objects.get().host_member == second.member


def test_the_coordination_publishes_a_proposal(coordinator_client, focal_point, django_capture_on_commit_callbacks):
    focal_point.person.user.email = "point.focal@hue.example"
    focal_point.person.user.save()
    event = EventFactory(
        title="Forum des jeunes élus",
        publication=Event.Publication.PROPOSED,
        host_member=focal_point.member,
        proposed_by=focal_point.person.user,
        starts_at=datetime.datetime(FUTURE_YEAR, 9, 10, 9, tzinfo=PHNOM_PENH),
    )
    assert "Forum des jeunes élus" in page_text(coordinator_client.get("/events/proposals/"))
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/events/proposals/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.publication == Event.Publication.PUBLISHED
    assert event.reviewed_by is not None and event.reviewed_at is not None
    assert mail.outbox[-1].to == ["point.focal@hue.example"]
    visitor = Client()
    assert visitor.get(event.get_absolute_url()).status_code == 200
    assert "Forum des jeunes élus" in page_text(visitor.get("/events/"))
    assert uid(event) in events_by_uid(parse_feed(visitor.get("/events/calendar.ics")))
    # Deciding twice is refused.
    response = coordinator_client.post(f"/events/proposals/{event.pk}/decline/", {"reason": "Doublon"}, follow=True)
    assert "Cette proposition a déjà été traitée (Publié)" in page_text(response)
    event.refresh_from_db()
    assert event.publication == Event.Publication.PUBLISHED


def test_the_coordination_declines_with_a_reason(coordinator_client, focal_point, django_capture_on_commit_callbacks):
    event = EventFactory(
        publication=Event.Publication.PROPOSED, host_member=focal_point.member, proposed_by=focal_point.person.user
    )
    coordinator_client.post(f"/events/proposals/{event.pk}/decline/", {"reason": " "})
    event.refresh_from_db()
    assert event.publication == Event.Publication.PROPOSED  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"/events/proposals/{event.pk}/decline/", {"reason": "Même date que la réunion annuelle."}
        )
    event.refresh_from_db()
    assert event.publication == Event.Publication.DECLINED
    assert event.decline_reason == "Même date que la réunion annuelle."
    assert Client().get(event.get_absolute_url()).status_code == 404
    # The focal point sees the reason.
    proposer = Client()
    proposer.force_login(focal_point.person.user)
    assert "Même date que la réunion annuelle." in page_text(proposer.get("/events/proposals/"))


def test_only_the_coordination_decides(focal_point_client, focal_point):
    event = EventFactory(publication=Event.Publication.PROPOSED, host_member=focal_point.member)
    assert focal_point_client.post(f"/events/proposals/{event.pk}/publish/").status_code == 403
    assert focal_point_client.post(f"/events/proposals/{event.pk}/decline/", {"reason": "x"}).status_code == 403
    event.refresh_from_db()
    assert event.publication == Event.Publication.PROPOSED


def test_other_members_do_not_see_a_proposal(focal_point):
    event = EventFactory(publication=Event.Publication.PROPOSED, host_member=focal_point.member)
    outsider = Client()
    outsider.force_login(other_focal_point_of_another_member().person.user)
    assert outsider.get(event.get_absolute_url()).status_code == 404
    assert event.title not in page_text(outsider.get("/events/proposals/"))


def test_the_admin_publishes_selected_proposals(coordinator_client, focal_point):
    event = EventFactory(publication=Event.Publication.PROPOSED, host_member=focal_point.member)
    coordinator_client.post("/admin/events/event/", {"action": "publish_proposals", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.publication == Event.Publication.PUBLISHED
