"""User journeys in a real browser: Debian's Chromium driven by Playwright."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_switches_to_english_logs_in_as_coordinator_and_reaches_the_admin(page, demo_site):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Membres par pays").is_visible()
    assert page.get_by_role("link", name="Luang Prabang").first.is_visible()

    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Members by country").is_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address").fill("coordination@rvase.example")
    page.get_by_label("Password").fill("demo-coordination")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()

    page.get_by_role("link", name="Administration").click()
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    page.locator('a[href="/admin/members/member/"]').first.click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Kampot Province").is_visible()


def test_wrong_password_in_the_browser_keeps_the_email_and_says_why(page, demo_site):
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill("hue@rvase.example")
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Adresse e-mail").input_value() == "hue@rvase.example"


@pytest.mark.parametrize("width", [390, 1280])
def test_home_page_fits_phone_and_desktop(page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    menu = page.get_by_text("Menu", exact=True)
    if width < 760:
        assert menu.is_visible()
        assert not page.get_by_role("navigation").get_by_role("link", name="Événements").is_visible()
        menu.click()
    assert page.get_by_role("navigation").get_by_role("link", name="Événements").is_visible()
