"""Registering for an event in a real browser (Debian's Chromium driven by Playwright)."""

import datetime

import icalendar
import pytest
from django.core import mail

from events.models import Registration
from members.models import Country, DuesRecord, Member
from tests.events.conftest import smart_cities_workshop
from tests.factories import FUTURE_YEAR, DuesRecordFactory
from tests.utils import log_in_in_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workshop(demo_site):
    DuesRecordFactory(member=Member.objects.get(slug="phnom-penh"), year=FUTURE_YEAR, status=DuesRecord.Status.PAID)
    DuesRecordFactory(
        member=Member.objects.get(slug="hue"), year=FUTURE_YEAR, status=DuesRecord.Status.UNPAID, amount_paid=0
    )
    return smart_cities_workshop(country=Country.objects.get(code="KH"), capacity=30)


def test_a_member_registers_for_an_event(page, live_server, workshop):
    log_in_in_english(page, live_server, "membre@rvase.example", "demo-membre")
    page.goto("/events/")
    page.get_by_role("link", name="Atelier Smart Cities").click()
    page.wait_for_load_state()
    card = page.locator("#registration")
    assert card.get_by_text("30 places left out of 30").is_visible()
    assert card.get_by_label("Who takes part").input_value() == str(
        Registration._meta.get_field("person").related_model.objects.get(email="membre@rvase.example").pk
    )
    card.get_by_role("button", name="Register").click()
    page.wait_for_load_state()

    assert page.get_by_text("Membre de Phnom Penh (démo) is registered.").is_visible()
    card = page.locator("#registration")
    assert card.get_by_role("heading", name="Registered from your member").is_visible()
    assert card.get_by_text("29 places left out of 30").is_visible()
    registration = Registration.objects.get(event=workshop)
    assert registration.person.user.email == "membre@rvase.example"

    (message,) = mail.outbox
    assert message.to == ["membre@rvase.example"]
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == (f"atelier-smart-cities-{FUTURE_YEAR}.ics", "text/calendar")
    (component,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert component.start.astimezone(datetime.UTC) == datetime.datetime(FUTURE_YEAR, 3, 1, 2, 0, tzinfo=datetime.UTC)


def test_a_member_in_arrears_is_refused_with_the_message(page, live_server, workshop):
    log_in_in_english(page, live_server, "hue@rvase.example", "demo-hue")
    page.goto(workshop.get_absolute_url())
    refusal = page.locator("#registration").get_by_role("alert")
    assert refusal.is_visible()
    text = refusal.inner_text()
    assert "Hué cannot register anyone for this event" in text  # the member's English name
    assert f"its dues for {FUTURE_YEAR} are not settled" in text
    assert "contact the coordination (coordination@rvase.example)" in text
    assert page.locator("#registration").get_by_role("button", name="Register").count() == 0

    # Going straight to the registration page says the same, and a forced POST saves nothing.
    page.goto(f"{workshop.get_absolute_url()}register/")
    assert f"its dues for {FUTURE_YEAR} are not settled" in page.get_by_role("alert").inner_text()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("width", [390, 1280])
def test_event_pages_fit_phone_and_desktop(page, live_server, workshop, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_in_english(page, live_server, "membre@rvase.example", "demo-membre")
    for url in ["/events/", workshop.get_absolute_url(), "/events/reunion-annuelle-2023/", "/events/calendar/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, url
