"""A member downloads the 2023 meeting's minutes and summary in a real browser (Debian's Chromium via Playwright)."""

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


def test_a_member_opens_the_2023_meeting_and_downloads_both_pdfs(page, live_server, demo_site):
    log_in_in_english(page, live_server, "membre@rvase.example", "demo-membre")
    page.goto("/events/")
    page.get_by_role("link", name="Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/events/reunion-annuelle-2023/")
    card = page.locator("#minutes")
    assert card.get_by_text("Version 1, approved").is_visible()

    name, minutes = downloaded_text(page, card, "Minutes (PDF)")
    assert name == "reunion-annuelle-2023-minutes-v1.pdf"
    assert "Minutes — Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est" in minutes
    assert "Un réseau informel" in minutes and "Cotisations à jour" in minutes
    assert "Afin d'être intégrés dans les activités, les membres doivent être à jour" in minutes
    assert "Action plan: action 4 (2023)" in minutes

    name, summary = downloaded_text(page, card, "Annual-meeting summary (PDF)")
    assert name == "reunion-annuelle-2023-summary.pdf"
    assert "Summary — Réunion annuelle 2023" in summary
    assert "Nguyễn Thế Phước" in summary and "Emilie Traub" in summary
    assert "Axis 2: Soutenir la maîtrise d'oeuvre à l'échelle locale" in summary
    assert "Thèmes de travail validés" in summary


def test_a_visitor_who_follows_a_pdf_link_logs_in_first(page, live_server, demo_site):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/events/reunion-annuelle-2023/minutes.pdf")
    assert "/accounts/login/?next=/events/reunion-annuelle-2023/minutes.pdf" in page.url
    page.get_by_label("E-mail address").fill("membre@rvase.example")
    page.get_by_label("Password").fill("demo-membre")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Log in").click()
    with open(info.value.path(), "rb") as handle:
        assert "Un réseau informel" in pdf_text(handle.read())
