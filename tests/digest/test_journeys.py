"""The coordinator previews a month's digest in the admin and sends a test to themself, in a real browser."""

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_previews_the_month_and_sends_a_test_to_themself(page, live_server, network, activity, month):
    coordinator = network["coordinator"]
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/accounts/login/?next=/admin/digest/digest/add/")
    page.get_by_label("E-mail address").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

    page.get_by_label("Month").fill(f"{month:%Y-%m}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert "/preview/" in page.url
    assert page.get_by_role("heading", name=f"Preview of the digest of {month:%Y-%m}").is_visible()

    page.get_by_label("Preview for").select_option(label=None, value=str(network["fp_kampot"].person.pk))
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.get_by_text("fp@kampot.example").first.is_visible()
    frame = page.frame_locator("iframe.digest-preview-frame")
    assert frame.get_by_text("Hué inaugure ses toilettes publiques").is_visible()
    # Kampot's focal point reads French: the preview is exactly what they will receive.
    assert frame.get_by_text("Province de Kampot n'est pas à jour de ses cotisations").first.is_visible()
    assert "Province de Kampot n'est pas à jour" in page.locator("pre.digest-preview-text").inner_text()

    page.get_by_role("button", name="Send a test to me").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"was sent to {coordinator.email}").is_visible()
    (message,) = mail.outbox
    assert message.to == [coordinator.email] and "[TEST]" in message.subject
    assert "Point focal Province de Kampot" in message.body
