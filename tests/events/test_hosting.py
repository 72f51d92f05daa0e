"""Members offer to host the annual meeting of a year; the coordination accepts one offer per year."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Event, HostingCandidature
from tests.events.conftest import other_focal_point_of_another_member
from tests.factories import FUTURE_YEAR, EventFactory, HostingCandidatureFactory, MemberFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def english(focal_point_client):
    focal_point_client.cookies["django_language"] = "en"
    return focal_point_client


def offer(client, year=NEXT_YEAR, message="Nous proposons le centre de conférences de la ville."):
    return client.post("/events/hosting/", {"year": str(year), "message": message}, follow=True)


def test_a_focal_point_offers_to_host(english, focal_point):
    text = page_text(offer(english))
    candidature = HostingCandidature.objects.get()
    assert candidature.member == focal_point.member
    assert candidature.year == NEXT_YEAR
    assert candidature.status == HostingCandidature.Status.SUBMITTED
    assert candidature.submitted_by == focal_point.person.user
    assert f"Your offer to host the {NEXT_YEAR} annual meeting was sent to the coordination." in text
    assert "Nous proposons le centre de conférences" in text


def test_offering_twice_for_a_year_is_refused(english, focal_point):
    offer(english)
    text = page_text(offer(english))
    assert f"has already offered to host the {NEXT_YEAR} annual meeting" in text
    assert HostingCandidature.objects.count() == 1


def test_a_past_or_far_year_is_refused(english):
    for year in (2020, NEXT_YEAR + 20, "abc"):
        response = offer(english, year=year)
        assert response.status_code == 200
        assert "Select a valid choice" in page_text(response)
    assert not HostingCandidature.objects.exists()


def test_a_withdrawn_offer_can_be_made_again(english, focal_point):
    offer(english)
    candidature = HostingCandidature.objects.get()
    english.post(f"/events/hosting/{candidature.pk}/withdraw/")
    candidature.refresh_from_db()
    assert candidature.status == HostingCandidature.Status.WITHDRAWN
    offer(english, message="Nouvelle offre")
    candidature.refresh_from_db()
    assert candidature.status == HostingCandidature.Status.SUBMITTED and candidature.message == "Nouvelle offre"


def test_the_coordination_accepts_one_offer_and_the_others_are_not_retained(coordinator_client, coordinator):
    first = HostingCandidatureFactory(year=NEXT_YEAR)
    second = HostingCandidatureFactory(year=NEXT_YEAR)
    other_year = HostingCandidatureFactory(year=NEXT_YEAR + 1)
    meeting = EventFactory(
        kind=Event.Kind.ANNUAL_MEETING, starts_at=None, ends_at=None, year=NEXT_YEAR, status=Event.Status.TO_CONFIRM
    )
    coordinator_client.post(f"/events/hosting/{first.pk}/accept/")
    for candidature in (first, second, other_year):
        candidature.refresh_from_db()
    assert first.status == HostingCandidature.Status.ACCEPTED and first.decided_by == coordinator
    assert second.status == HostingCandidature.Status.DECLINED
    assert other_year.status == HostingCandidature.Status.SUBMITTED
    meeting.refresh_from_db()
    assert meeting.host_member == first.member  # the year's annual meeting now has its host

    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.post(f"/events/hosting/{second.pk}/accept/", follow=True)
    assert "is already accepted" in page_text(response)
    second.refresh_from_db()
    assert second.status == HostingCandidature.Status.DECLINED


def test_the_database_refuses_two_accepted_offers_for_a_year(db):
    HostingCandidatureFactory(year=FUTURE_YEAR + 1, status=HostingCandidature.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        HostingCandidatureFactory(year=FUTURE_YEAR + 1, status=HostingCandidature.Status.ACCEPTED)
    HostingCandidatureFactory(year=FUTURE_YEAR + 2, status=HostingCandidature.Status.ACCEPTED)


def test_once_a_host_is_chosen_new_offers_for_that_year_are_refused(english, focal_point):
    HostingCandidatureFactory(
        year=NEXT_YEAR, status=HostingCandidature.Status.ACCEPTED, member=MemberFactory(name="Luang Prabang")
    )
    text = page_text(offer(english))
    assert f"The host of the {NEXT_YEAR} annual meeting has already been chosen: Luang Prabang." in text
    assert HostingCandidature.objects.count() == 1


def test_permissions(member_client, focal_point):
    candidature = HostingCandidatureFactory(year=NEXT_YEAR, member=focal_point.member)
    assert Client().get("/events/hosting/").status_code == 302
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get("/events/hosting/").status_code == 403
    # A member's person who is not its focal point reads the offers of their member but does not offer.
    assert member_client.get("/events/hosting/").status_code == 200
    assert member_client.post("/events/hosting/", {"year": NEXT_YEAR}).status_code == 403
    assert member_client.post(f"/events/hosting/{candidature.pk}/withdraw/").status_code == 403
    assert member_client.post(f"/events/hosting/{candidature.pk}/accept/").status_code == 403
    # The focal point of another member cannot offer for, nor withdraw, this member's offer.
    other = Client()
    other.force_login(other_focal_point_of_another_member().person.user)
    assert other.post("/events/hosting/", {"member": focal_point.member.pk, "year": NEXT_YEAR}).status_code == 403
    assert other.post(f"/events/hosting/{candidature.pk}/withdraw/").status_code == 403
    assert candidature.member.name not in page_text(other.get("/events/hosting/"))
    candidature.refresh_from_db()
    assert candidature.status == HostingCandidature.Status.SUBMITTED


def test_the_admin_accepts_an_offer(coordinator_client):
    candidature = HostingCandidatureFactory(year=NEXT_YEAR)
    coordinator_client.post(
        "/admin/events/hostingcandidature/", {"action": "accept", "_selected_action": [candidature.pk]}
    )
    candidature.refresh_from_db()
    assert candidature.status == HostingCandidature.Status.ACCEPTED


def test_services_refuse_what_the_views_refuse(focal_point):
    stranger = MemberFactory()
    with pytest.raises(services.PermissionDenied):
        services.hosting_candidature_submit(member=stranger, year=NEXT_YEAR, message="", by=focal_point.person.user)
    with pytest.raises(services.PermissionDenied):
        services.hosting_candidature_accept(candidature=HostingCandidatureFactory(), by=focal_point.person.user)
