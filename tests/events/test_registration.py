"""Registering a member's people for an event: dues, capacity, deadline, permissions, the confirmation e-mail."""

import datetime
import threading

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Event, Registration, StandingOverride
from members.models import DuesRecord, DuesYear
from tests.events.conftest import PHNOM_PENH, admin_form_data, uid
from tests.factories import (
    FUTURE_YEAR,
    CoordinatorFactory,
    DuesRecordFactory,
    EventFactory,
    MemberFactory,
    NamedPersonFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def register(client, event, person):
    return client.post(f"/events/{event.slug}/register/", {"person": person.pk}, follow=True)


def test_a_member_registers_themselves_and_receives_the_event_for_their_calendar(
    member_client, member_person, open_event, dues_paid, django_capture_on_commit_callbacks
):
    member_person.email = "sok.dara@phnompenh.example"
    member_person.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = register(member_client, open_event, member_person)
    assert response.redirect_chain[-1][0] == f"/events/{open_event.slug}/#registration"
    registration = Registration.objects.get(event=open_event, person=member_person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.registered_by == member_person.user
    assert registration.override is False
    assert member_person.full_name in page_text(response)

    (message,) = mail.outbox
    assert set(message.to) == {"sok.dara@phnompenh.example", member_person.user.email}
    assert "Atelier Smart Cities" in message.subject
    assert open_event.get_absolute_url() in message.body
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == f"{open_event.slug}.ics"
    assert mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(content)
    (component,) = calendar.walk("VEVENT")
    assert str(component["UID"]) == uid(open_event)
    assert component.start == datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=PHNOM_PENH)
    assert component["DTSTART"].params["TZID"] == "Asia/Phnom_Penh"
    assert calendar.walk("VTIMEZONE")


def test_a_member_registers_a_colleague_of_their_own_member(
    member_client, member, open_event, dues_paid, django_capture_on_commit_callbacks
):
    colleague = NamedPersonFactory(member=member, email="colleague@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        register(member_client, open_event, colleague)
    assert Registration.objects.filter(event=open_event, person=colleague).exists()
    assert "colleague@example.org" in mail.outbox[0].to


def test_registering_someone_of_another_member_is_forbidden(member_client, member_person, open_event, dues_paid):
    stranger = NamedPersonFactory(member=MemberFactory())
    DuesRecordFactory(member=stranger.member, year=FUTURE_YEAR)
    response = member_client.post(f"/events/{open_event.slug}/register/", {"person": stranger.pk})
    assert response.status_code == 403
    assert not Registration.objects.exists()
    with pytest.raises(services.PermissionDenied):
        services.event_register(event=open_event, person=stranger, by=member_person.user)
    assert not Registration.objects.exists()


def test_a_visitor_is_sent_to_the_login_page(client, open_event):
    response = client.get(f"/events/{open_event.slug}/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"/events/{open_event.slug}/register/", {"person": 1}).status_code == 302
    assert not Registration.objects.exists()
    page = page_text(client.get(open_event.get_absolute_url()))
    assert "Registration" in page or "Inscription" in page


def test_an_account_outside_the_members_cannot_register(client, open_event):
    client.force_login(UserFactory())
    assert client.get(f"/events/{open_event.slug}/register/").status_code == 403


def test_a_member_in_arrears_is_refused_with_the_reason(english, member_person, open_event):
    DuesRecordFactory(member=member_person.member, year=FUTURE_YEAR, status=DuesRecord.Status.PARTIAL, amount_paid=200)
    english.force_login(member_person.user)
    response = register(english, open_event, member_person)
    text = page_text(response)
    assert f"{member_person.member.name} cannot register anyone for this event" in text
    assert f"its dues for {FUTURE_YEAR} are not settled" in text
    assert "contact the coordination" in text
    assert not Registration.objects.exists()
    assert not mail.outbox
    # The event page says it before anyone tries.
    assert f"its dues for {FUTURE_YEAR} are not settled" in page_text(english.get(open_event.get_absolute_url()))


def test_a_member_with_nothing_recorded_registers_unless_the_year_counts_it_unpaid(english, member_person, open_event):
    """Nobody recorded the member's dues: it is not refused for that (issue 15), unless the coordination decided for
    the year that nothing recorded counts as unpaid."""
    DuesYear.objects.create(year=FUTURE_YEAR, amount=1000, unrecorded_counts_as_unpaid=True)
    english.force_login(member_person.user)
    assert f"its dues for {FUTURE_YEAR} are not settled" in page_text(register(english, open_event, member_person))
    assert not Registration.objects.exists()
    DuesYear.objects.filter(year=FUTURE_YEAR).update(unrecorded_counts_as_unpaid=False)
    register(english, open_event, member_person)
    assert Registration.objects.filter(person=member_person, override=False).exists()


def test_the_coordination_can_let_a_member_in_arrears_register_for_one_event(
    member_client, member_person, open_event, django_capture_on_commit_callbacks
):
    member_person.user.preferred_language = "en"  # the e-mail's language: its wording is checked below
    member_person.user.save()
    DuesRecordFactory(member=member_person.member, year=FUTURE_YEAR, status=DuesRecord.Status.UNPAID)
    coordinator = CoordinatorFactory()
    services.standing_override_grant(event=open_event, member=member_person.member, by=coordinator, reason="Invité")
    with django_capture_on_commit_callbacks(execute=True):
        register(member_client, open_event, member_person)
    registration = Registration.objects.get(person=member_person)
    assert registration.override is True
    assert "exception" in mail.outbox[0].body
    # Only for that event.
    other = EventFactory(slug="autre-atelier")
    register(member_client, other, member_person)
    assert not Registration.objects.filter(event=other).exists()


def test_the_standing_is_checked_for_the_events_own_year(member_client, member_person, open_event):
    DuesYear.objects.create(year=FUTURE_YEAR, amount=1000, unrecorded_counts_as_unpaid=True)
    DuesRecordFactory(member=member_person.member, year=FUTURE_YEAR - 1, status=DuesRecord.Status.PAID)
    register(member_client, open_event, member_person)
    assert not Registration.objects.exists()
    DuesRecordFactory(member=member_person.member, year=FUTURE_YEAR, status=DuesRecord.Status.EXEMPT)
    register(member_client, open_event, member_person)
    assert Registration.objects.count() == 1


def test_a_full_event_refuses_more_people(english, member, member_person, open_event, dues_paid):
    open_event.capacity = 1
    open_event.save()
    RegistrationFactory(event=open_event, person=NamedPersonFactory(member=member))
    english.force_login(member_person.user)
    response = register(english, open_event, member_person)
    assert "The event is full: all 1 places are taken." in page_text(response)
    assert Registration.objects.count() == 1


def test_a_cancelled_registration_frees_its_place(member_client, member, member_person, open_event, dues_paid):
    open_event.capacity = 1
    open_event.save()
    taken = RegistrationFactory(event=open_event, person=NamedPersonFactory(member=member))
    member_client.post(f"/events/{open_event.slug}/registrations/{taken.pk}/cancel/")
    taken.refresh_from_db()
    assert taken.status == Registration.Status.CANCELLED
    register(member_client, open_event, member_person)
    assert Registration.objects.filter(person=member_person, status="confirmed").exists()


def test_registration_closes_at_the_deadline(english, member_person, open_event, dues_paid):
    open_event.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    open_event.save()
    english.force_login(member_person.user)
    text = page_text(register(english, open_event, member_person))
    assert "Registration closed on" in text
    assert "Asia/Phnom_Penh" in text
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"starts_at": None, "ends_at": None, "status": Event.Status.TO_CONFIRM}, "still to be confirmed"),
        ({"status": Event.Status.CANCELLED}, "has been cancelled"),
        ({"registration_open": False}, None),
        (
            {
                "starts_at": datetime.datetime(2020, 1, 1, 9, tzinfo=PHNOM_PENH),
                "ends_at": datetime.datetime(2020, 1, 1, 12, tzinfo=PHNOM_PENH),
                "year": 2020,
            },
            "already started or taken place",
        ),
    ],
)
def test_closed_events_refuse_registration(english, member_person, open_event, dues_paid, change, message):
    Event.objects.filter(pk=open_event.pk).update(**change)
    english.force_login(member_person.user)
    response = register(english, open_event, member_person)
    if message:
        assert message in page_text(response)
    with pytest.raises(services.ValidationError):
        services.event_register(event=open_event, person=member_person, by=member_person.user)
    assert not Registration.objects.exists()


def test_registering_twice_is_refused(english, member_person, open_event, dues_paid):
    english.force_login(member_person.user)
    register(english, open_event, member_person)
    response = register(english, open_event, member_person)
    assert "Choose someone of your member who is not registered yet." in page_text(response) or (
        "already registered" in page_text(response)
    )
    with pytest.raises(services.ValidationError, match="already registered"):
        services.event_register(event=open_event, person=member_person, by=member_person.user)
    assert Registration.objects.count() == 1


def test_the_coordination_registers_anyone_of_a_member(coordinator_client, coordinator, member, open_event, dues_paid):
    person = NamedPersonFactory(member=member)
    register(coordinator_client, open_event, person)
    registration = Registration.objects.get(person=person)
    assert registration.registered_by == coordinator
    page = page_text(coordinator_client.get(open_event.get_absolute_url()))
    assert person.full_name in page and member.name in page


def test_cancelling_a_registration_of_another_member_is_forbidden(member_client, open_event):
    other = RegistrationFactory(event=open_event, person=NamedPersonFactory(member=MemberFactory()))
    assert member_client.post(f"/events/{open_event.slug}/registrations/{other.pk}/cancel/").status_code == 403
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED


def test_members_see_their_own_members_registrations_only(member_client, member, open_event):
    mine = RegistrationFactory(event=open_event, person=NamedPersonFactory(member=member, full_name="Sok Dara"))
    RegistrationFactory(event=open_event, person=NamedPersonFactory(member=MemberFactory(), full_name="Nguyen Van Ba"))
    page = page_text(member_client.get(open_event.get_absolute_url()))
    assert mine.person.full_name in page
    assert "Nguyen Van Ba" not in page


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_cannot_exceed_the_capacity(open_event, member):
    DuesRecordFactory(member=member, year=FUTURE_YEAR, status=DuesRecord.Status.PAID)
    open_event.capacity = 1
    open_event.save()
    registrant = NamedPersonFactory(member=member, user=UserFactory())
    people = [NamedPersonFactory(member=member) for _ in range(4)]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def attempt(person):
        try:
            barrier.wait()
            services.event_register(event=open_event, person=person, by=registrant.user)
            outcomes.append("registered")
        except services.ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full", "full", "full", "registered"]
    assert Registration.objects.filter(event=open_event, status="confirmed").count() == 1


def test_the_coordination_sets_the_exception_in_the_admin(coordinator_client, coordinator, member, open_event):
    url = f"/admin/events/event/{open_event.pk}/change/"
    data = admin_form_data(coordinator_client.get(url))
    data.update(
        {
            "standing_overrides-TOTAL_FORMS": "1",
            "standing_overrides-0-member": str(member.pk),
            "standing_overrides-0-reason": "Cotisation en cours de virement",
            "standing_overrides-0-event": str(open_event.pk),
        }
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    override = StandingOverride.objects.get(event=open_event, member=member)
    assert override.granted_by == coordinator
    assert services.standing_problem(event=open_event, member=member) is None
