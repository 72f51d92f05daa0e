"""An English reader reads the network's content in English, in a real browser (issue 21): the home, the plan, an
action, the 2023 meeting and its summary PDF; a text nobody translated yet shows in French, marked as French."""

import pytest

from actionplan.models import Action
from tests.minutes.test_pdfs_journey import downloaded_text
from tests.utils import log_in_in_english

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media")]


@pytest.fixture
def media(settings, tmp_path):
    """The stored PDFs of this test, in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_an_english_reader_reads_the_content_in_english(page, live_server, demo_site):
    # Action 10 has no English yet: its activities are shown in French, marked.
    Action.objects.filter(plan__year=2023, number=10).update(activities_en=None)
    log_in_in_english(page, live_server, "membre@rvase.example", "demo-membre")

    page.goto("/")
    assert page.get_by_role("heading", name="Cambodia").is_visible()
    assert page.get_by_text("Improving urban sanitation").first.is_visible()
    assert page.get_by_role("heading", name="2023 Action plan").is_visible()
    assert "Cambodge" not in page.locator("main").inner_text()

    page.goto("/plan/2023/")
    assert page.title() == "2023 Action plan · RVASE"
    assert page.get_by_role(
        "heading", name="Axis 1 — Leading the regional dialogue between local authorities"
    ).is_visible()
    assert page.get_by_role("note").get_by_text("Translated from the French original.").is_visible()

    page.get_by_role("link", name="Contacting the member cities and their focal points").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/plan/2023/actions/1/")
    main = page.locator("main").inner_text()
    assert "Contacting the member cities and their focal points; confirming needs." in main
    assert "Official appointment of a focal point within the network's other members" in main
    assert "Prise de contact" not in main

    page.goto("/plan/2023/actions/10/")
    french = page.locator('[lang="fr"]', has_text="Réalisation des formations en fonction des besoins identifiés")
    assert french.is_visible()
    assert french.get_by_text("(en français)").is_visible()

    page.goto("/events/")
    page.get_by_role("link", name="2023 Annual meeting of the South-East Asian Cities Network").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/events/reunion-annuelle-2023/")
    assert page.title() == "2023 Annual meeting of the South-East Asian Cities Network · RVASE"
    assert page.get_by_text("Session 1: Themes and working modalities within the network").is_visible()
    assert page.get_by_text("Words of welcome").is_visible()
    # The speakers' functions and forms of address, in English too.
    speaker = page.locator(".speakers li", has_text="CHHAY Matinal")
    assert "H.E. CHHAY Matinal, Vice-Governor of Battambang Province" in speaker.inner_text()
    assert "Vice-Gouverneur" not in page.locator("main").inner_text()

    card = page.locator("#minutes")
    _name, summary = downloaded_text(page, card, "Annual-meeting summary (PDF)")
    assert "Summary — 2023 Annual meeting of the South-East Asian Cities Network" in summary
    assert "Translated from the French original." in summary
    assert "Words of welcome" in summary
    assert "Contacting the member cities and their focal points; confirming needs." in summary
    # The 2023 minutes were circulated, never approved (issue 15): the card says so in the reader's language.
    assert "Sent for validation on May 31, 2023" in card.inner_text()
    assert "Ms Emilie Traub, Network coordinator" in summary or "Vice-Governor of Phnom Penh" in summary
    # (The conclusions stay quoted in French, "D'ici à mi-juin…": the minutes keep their language.)
    assert "mid-June 2023 — By mid-June each city and province confirms its focal point" in " ".join(summary.split())

    # The roadmap's milestone dated in the deck's words: "mid-June 2023", never a day; said to be a translation.
    page.goto("/plan/roadmap/")
    milestone = page.locator("li", has_text="By mid-June each city and province confirms its focal point").first
    assert "(mid-June 2023)" in milestone.inner_text()
    assert page.get_by_role("note").get_by_text("Translated from the French original.").is_visible()
