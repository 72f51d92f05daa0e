"""The bad input the security review found: each once gave a 500, each now gets a plain answer.

The fuzz test (tests/common/test_fuzz.py) throws the same kinds of values at every field and parameter; these
are the cases the review named, checked for what the person sees.
"""

import datetime

import icalendar
import pytest
from django.core import mail

from events.models import Event, HostingCandidature, Registration
from events.tasks import send_registration_confirmation
from members.models import NewsItem
from tests.events.conftest import PHNOM_PENH
from tests.factories import FUTURE_YEAR, DuesRecordFactory, EventFactory, MemberFactory, PersonFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

# "²" and "١" are digits to str.isdigit(); int("²") fails, int("١") is 1.
NOT_NUMBERS = ["²", "١", "1²", "99999999999999999999999"]


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_minutes_pdf_with_a_version_that_is_not_a_number_is_not_found(member_client, rvase_2023, value):
    response = member_client.get("/events/reunion-annuelle-2023/minutes.pdf", {"version": value})
    assert response.status_code == 404
    assert "Page introuvable" in page_text(response)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_news_form_with_a_member_that_is_not_a_number_is_a_form_error(focal_point_client, focal_point, value):
    response = focal_point_client.post("/news/new/", {"member": value, "title": "Titre", "text": "Texte"})
    assert response.status_code == 200
    assert "Veuillez corriger les champs signalés ci-dessous ; rien n'a été enregistré." in page_text(response)
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_proposal_form_with_a_member_that_is_not_a_number_is_a_form_error(focal_point_client, focal_point, value):
    response = focal_point_client.post(
        "/events/propose/", {"member": value, "title": "Atelier", "kind": "workshop", "year": "2031"}
    )
    assert response.status_code == 200
    assert "Veuillez corriger les champs signalés ci-dessous ; rien n'a été enregistré." in page_text(response)
    assert not Event.objects.filter(title="Atelier").exists()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_hosting_form_with_a_member_that_is_not_a_number_is_a_form_error(focal_point_client, focal_point, value):
    response = focal_point_client.post("/events/hosting/", {"member": value, "year": "2031", "message": "Nous"})
    assert response.status_code == 200
    assert "Veuillez corriger les champs signalés ci-dessous ; rien n'a été enregistré." in page_text(response)
    assert not HostingCandidature.objects.exists()


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_registration_form_with_a_person_that_is_not_a_number_is_a_form_error(member_client, member, value):
    DuesRecordFactory(member=member, year=FUTURE_YEAR)
    workshop = EventFactory(
        starts_at=datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(FUTURE_YEAR, 3, 1, 12, 0, tzinfo=PHNOM_PENH),
    )
    response = member_client.post(f"/events/{workshop.slug}/register/", {"person": value})
    assert response.status_code == 200
    assert "Choisissez une personne rattachée à votre membre qui n'est pas encore inscrite." in page_text(response)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/registration/?status=%00",
        "/admin/events/registration/?event__id__exact=%00",
        "/admin/members/member/?q=%00",
        "/admin/members/member/?country__id__exact=1%00",
        "/admin/documents/document/?visibility=public%00&q=a",
    ],
)
def test_a_nul_character_in_an_admin_filter_is_a_bad_request_not_a_server_error(coordinator_client, url):
    response = coordinator_client.get(url)
    assert response.status_code == 400
    assert "Requête incomprise" in page_text(response)


def test_a_nul_character_in_an_admin_action_is_a_bad_request(coordinator_client, member):
    data = "action=delete_selected&_selected_action=1%00"
    response = coordinator_client.post("/admin/members/member/", data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Requête incomprise" in page_text(response)


def test_a_nul_character_in_a_site_form_is_a_form_error(focal_point_client, focal_point):
    data = f"member={focal_point.member.pk}&title=Titre%00&text=Texte"
    response = focal_point_client.post("/news/new/", data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in page_text(response)
    assert not NewsItem.objects.exists()


def test_a_nul_character_in_a_form_with_a_file_is_a_form_error(focal_point_client, focal_point):
    # Multipart bodies are read by the view (uploads set their size limit first): the form refuses it.
    response = focal_point_client.post("/news/new/", {"member": focal_point.member.pk, "title": "Ti\x00tre"})
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in page_text(response)
    assert not NewsItem.objects.exists()


@pytest.fixture
def event_with_line_breaks(db):
    return EventFactory(
        slug=f"atelier-lignes-{FUTURE_YEAR}",
        title="Atelier\r\nSmart Cities\nPhnom Penh",
        starts_at=datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(FUTURE_YEAR, 3, 1, 12, 0, tzinfo=PHNOM_PENH),
        place="Hôtel de ville\r\n2e étage",
    )


def test_an_event_title_with_line_breaks_still_gives_its_calendar_file(client, event_with_line_breaks):
    response = client.get(f"/events/{event_with_line_breaks.slug}/event.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Atelier\nSmart Cities\nPhnom Penh"  # escaped lines, as RFC 5545 writes them
    assert str(calendar["NAME"]) == "Atelier Smart Cities Phnom Penh"
    # And the public feed that holds it.
    feed = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
    assert "Atelier\nSmart Cities\nPhnom Penh" in [str(event["SUMMARY"]) for event in feed.walk("VEVENT")]


def test_the_registration_e_mail_of_an_event_with_line_breaks_is_sent(event_with_line_breaks):
    member = MemberFactory()
    DuesRecordFactory(member=member, year=FUTURE_YEAR)
    person = PersonFactory(member=member, email="inscrit@example.org")
    registration = Registration.objects.create(
        event=event_with_line_breaks, person=person, status=Registration.Status.CONFIRMED
    )
    assert send_registration_confirmation.delay(registration_id=registration.pk).get() is True
    (message,) = mail.outbox
    assert message.to == ["inscrit@example.org"]
    assert "\n" not in message.subject
    (name, content, mimetype) = message.attachments[0]
    assert name == f"atelier-lignes-{FUTURE_YEAR}.ics"
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"] == "Atelier\nSmart Cities\nPhnom Penh"
