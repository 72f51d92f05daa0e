"""Every PDF is tagged (PDF/UA-1), an archival one is PDF/A-3b as well, and every glyph comes from static/fonts.

Read back with pikepdf (tests/common/pdf_structure.py). veraPDF cannot be installed here, so these tests check the
parts of PDF/UA-1 and PDF/A-3b listed there, not full conformance.
"""

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont

from common import pdf as common_pdf
from common.pdf import render_pdf
from tests.common.pdf_structure import (
    FONTS_DIR,
    assert_tagged,
    embedded_name_is_shipped,
    read_structure,
    shipped_families,
)
from tests.common.test_pdf import pdf_text

ROOT = Path(settings.BASE_DIR)


def document(body: str, *, lang: str = "fr", title: str = "Compte rendu") -> str:
    fonts = render_to_string("pdf/fonts.css.html")
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{fonts}</style></head><body>{body}</body></html>"
    )


BODY = (
    "<h1>Compte rendu</h1><img src='rvase-static:///img/rvase-mark.svg' alt='Logo du RVASE'>"
    "<p>⇒ L'identité du réseau est confirmée ✓</p><ul><li>Phnom Penh ភ្នំពេញ</li><li>Vientiane ວຽງຈັນ</li></ul>"
    "<table><tr><th>Membre</th><th>Statut</th></tr><tr><td>Huế</td><td>✓ à jour</td></tr></table>"
)


def covered_characters() -> set[int]:
    covered: set[int] = set()
    for files in shipped_families().values():
        for name in files:
            covered |= set(TTFont(ROOT / "static" / name).getBestCmap())
    return covered


def test_every_family_of_the_pdfs_loads_a_file_shipped_in_static_fonts():
    families = shipped_families()
    assert {"RVASE Sans", "RVASE Khmer", "RVASE Lao", "RVASE Math", "RVASE Symbols"} <= set(families)
    for files in families.values():
        for name in files:
            assert (ROOT / "static" / name).parent == FONTS_DIR and (ROOT / "static" / name).is_file(), name


def test_the_shipped_fonts_cover_every_character_of_the_2023_record_and_of_the_pdf_templates():
    text = (ROOT / "record" / "rvase_2023.yaml").read_text()
    for template in ("minutes/pdf", "members/pdf", "consultations"):
        text += "".join(path.read_text() for path in (ROOT / "templates" / template).glob("*.html"))
    text += (ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    covered = covered_characters()
    missing = sorted({char for char in text if ord(char) not in covered and char not in "\n\r\t"})
    assert "⇒" in text  # the deck's arrow, which used to come from the machine's DejaVu
    assert missing == [], [f"U+{ord(char):04X} {char}" for char in missing]


def test_arrows_and_check_marks_are_drawn_with_the_shipped_symbol_fonts():
    structure = read_structure(render_pdf(html=document(BODY)))
    names = {name.split("+", 1)[-1] for name in structure.fonts}
    assert {"RVASE-Sans", "RVASE-Math", "RVASE-Symbols", "RVASE-Khmer", "RVASE-Lao"} <= names, names
    assert not any("DejaVu" in name for name in structure.fonts)


def test_a_font_of_the_machine_is_told_apart_from_a_shipped_one():
    families = shipped_families()
    assert embedded_name_is_shipped("ABCDEF+RVASE-Sans-Bold", families)
    assert embedded_name_is_shipped("ABCDEF+RVASE-Math", families)
    assert not embedded_name_is_shipped("ABCDEF+DejaVuSans", families)
    assert not embedded_name_is_shipped("ABCDEF+RVASE-Sansserif", families)
    # Without the shipped fonts, the machine's fonts draw the page: the check sees it.
    html = "<!DOCTYPE html><html lang='fr'><head><title>T</title></head><body><p>⇒ ✓ texte</p></body></html>"
    outside = {
        name for name in read_structure(render_pdf(html=html)).fonts if not embedded_name_is_shipped(name, families)
    }
    assert outside


def test_every_pdf_is_tagged_with_its_language_title_and_the_logos_description():
    pdf = render_pdf(html=document(BODY, lang="en", title="Minutes"))
    structure = read_structure(pdf)
    assert_tagged(structure, lang="en", title="Minutes")
    assert structure.figure_alts == ["Logo du RVASE"]
    assert structure.pdfa is None and structure.output_intents == []
    assert "L'identité du réseau est confirmée" in pdf_text(pdf)


def test_an_archival_pdf_is_pdf_a_3b_and_stays_tagged():
    structure = read_structure(render_pdf(html=document(BODY), archival=True))
    assert structure.pdfa == ("3", "B"), structure.summary()
    assert structure.output_intents == ["/GTS_PDFA1"]
    assert structure.version == "1.7"
    assert_tagged(structure, lang="fr", title="Compte rendu")


@pytest.mark.parametrize("archival", [False, True])
def test_weasyprint_reports_nothing_missing_for_tagging(caplog, archival):
    """In-process (the forked renderer's log stays in the child): no missing alt text, language or title."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        common_pdf._render_bytes(document(BODY), archival=archival)
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        common_pdf._render_bytes("<p><img src='rvase-static:///img/rvase-mark.svg'></p>")
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "alt" in messages and "lang" in messages
