"""A member downloads the 2023 meeting's minutes and summary in a real browser (Debian's Chromium via Playwright)."""

import re

import pytest

from tests.common.test_pdf import pdf_text
from tests.utils import log_in_in_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]


def downloaded_text(page, within, link_name: str) -> tuple[str, str]:
    with page.expect_download(timeout=60_000) as info:
        within.get_by_role("link", name=link_name).click()
    download = info.value
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    return download.suggested_filename, " ".join(pdf_text(pdf).split())


def test_a_visitor_sees_the_2023_minutes_sent_for_validation_never_approved(page, live_server, demo_site):
    """The deck: "Transmises pour validation ... le 31 mai 2023". Nobody recorded an approval."""
    page.goto("/events/reunion-annuelle-2023/")
    card = page.locator("#minutes")
    text = " ".join(card.inner_text().split())
    assert "Transmis pour validation le 31 mai 2023 à l'ensemble des membres." in text
    assert "Aucune approbation n'est enregistrée." in text
    whole_page = page.locator("body").inner_text().casefold()
    assert "approuvé" not in whole_page and "approved" not in whole_page
    # The programme: the deck's order and its 8h-12h block, no time of the portal's own.
    programme = " ".join(page.locator(".programme").inner_text().split())
    assert programme.index("Introduction") < programme.index("Mots de bienvenue") < programme.index("Pause")
    assert "15 minutes" in programme
    assert page.locator(".session-time .local-time").count() == 0
    assert "08:15" not in page.locator("body").inner_text()


def test_a_member_reads_the_circulated_conclusions_and_downloads_the_summary(page, live_server, demo_site):
    log_in_in_english(page, live_server, "membre@rvase.example", "demo-membre")
    page.goto("/events/")
    page.get_by_role("link", name="2023 Annual meeting of the South-East Asian Cities Network").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/events/reunion-annuelle-2023/")
    card = page.locator("#minutes")
    assert card.get_by_text("Sent for validation on May 31, 2023 to all members.").is_visible()
    assert "approved" not in card.inner_text().replace("No approval has been recorded.", "")
    assert card.get_by_text("Afin d'être intégrés dans les activités, les membres doivent être à jour").is_visible()
    assert card.get_by_role("link", name="Minutes (PDF)").count() == 0  # no approved version, no minutes PDF

    name, summary = downloaded_text(page, card, "Annual-meeting summary (PDF)")
    assert name == "reunion-annuelle-2023-summary.pdf"
    assert "Summary — 2023 Annual meeting" in summary
    assert "sent for validation on May 31, 2023 to all members; no approval has been recorded" in summary
    assert "approved on" not in summary
    assert "Nguyễn Thế Phước" in summary and "Emilie Traub" in summary
    assert "Axis 2: Supporting project management at the local level" in summary
    assert "Suggestion or recommendation retained" in summary and not re.search(r"\d+\. Decision\b", summary)


def test_a_visitor_who_follows_a_pdf_link_logs_in_first(page, live_server, demo_site):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/events/reunion-annuelle-2023/summary.pdf")
    assert "/accounts/login/?next=/events/reunion-annuelle-2023/summary.pdf" in page.url
    page.get_by_label("E-mail address").fill("membre@rvase.example")
    page.get_by_label("Password").fill("demo-membre")
    page.set_default_timeout(60_000)  # the first download renders the summary
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Log in").click()
    with open(info.value.path(), "rb") as handle:
        assert "Afin d'être intégrés dans les activités" in pdf_text(handle.read())
