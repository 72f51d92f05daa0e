"""The minutes and the summary as PDFs that stand: tagged for screen readers, the approved minutes archival.

Read back with pikepdf (tests/common/pdf_structure.py); the parts of PDF/UA-1 and PDF/A-3b checked are listed there.
"""

import logging

import pytest

from common import pdf as common_pdf
from minutes import pdfs, services
from minutes.models import Minutes
from tests.common.pdf_structure import assert_tagged, embedded_name_is_shipped, read_structure, shipped_families
from tests.common.test_pdf import pdf_text
from tests.minutes.test_pdfs import MINUTES_URL, approve, download, english, meeting  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_an_approved_minutes_version_is_stored_as_pdf_a_3b_and_tagged(meeting, coordinator, member_client):  # noqa: F811
    approve(meeting, coordinator)
    french = read_structure(download(member_client, MINUTES_URL))
    assert french.pdfa == ("3", "B"), french.summary()
    assert french.output_intents == ["/GTS_PDFA1"]
    assert_tagged(french, lang="fr", title="Compte rendu — Réunion annuelle 2025")
    # The logo sits in the running page header, which the tags leave out as a page artifact.
    assert french.figure_alts == []
    english_pdf = read_structure(download(english(member_client), MINUTES_URL))
    assert english_pdf.pdfa == ("3", "B")
    assert_tagged(english_pdf, lang="en", title="Minutes — Réunion annuelle 2025")


def test_the_2023_summary_is_tagged_and_draws_every_character_with_shipped_fonts(rvase_2023, member_client):
    pdf = download(member_client, "/events/reunion-annuelle-2023/summary.pdf")
    structure = read_structure(pdf)
    assert_tagged(structure, lang="fr", title="Synthèse — Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est")
    assert structure.pdfa is None  # the summary follows live data: not an archival record
    # The deck's "⇒" (its fourth roadmap conclusion) is drawn by the shipped mathematical subset, and no font of
    # the machine draws anything.
    assert "⇒ L'identité du réseau est confirmée" in " ".join(pdf_text(pdf).split())
    names = {name.split("+", 1)[-1] for name in structure.fonts}
    assert "RVASE-Math" in names, names
    families = shipped_families()
    assert all(embedded_name_is_shipped(name, families) for name in structure.fonts), structure.fonts


def test_weasyprint_finds_nothing_missing_in_the_minutes_and_summary_templates(
    rvase_2023,
    coordinator,
    caplog,
):
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    # The deck records no approval (issue 15): the coordinator approves, which makes the version to render.
    version, _created = services.minutes_approve(minutes=minutes, by=coordinator)
    assert version is not None
    htmls = [
        pdfs.minutes_pdf_html(version=version, language="fr"),
        pdfs.summary_pdf_html(event=minutes.event, language="en"),
    ]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for html in htmls:
            common_pdf._render_bytes(html, archival=True)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
