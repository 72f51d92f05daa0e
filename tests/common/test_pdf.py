import re
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string

from common.pdf import PDFRenderTimeout, fetch_project_file, render_pdf


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it.

    pdftotext puts a space between Khmer syllable clusters that the page shows joined (Khmer
    writes no spaces inside a word), so spaces between two Khmer characters are dropped.
    """
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian package poppler-utils)"
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"(?<=[\u1780-\u17ff]) (?=[\u1780-\u17ff])", "", result.stdout.decode())


def pdf_fonts(pdf: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def document(body: str) -> str:
    fonts = render_to_string("pdf/fonts.css.html")
    return f"<html><head><meta charset='utf-8'><style>{fonts}</style></head><body>{body}</body></html>"


def test_khmer_lao_and_vietnamese_come_out_of_the_pdf_with_the_shipped_fonts():
    pdf = render_pdf(html=document("<p>ភ្នំពេញ</p><p>ວຽງຈັນ</p><p>Nguyễn Thế Phước</p>"))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for words in ("ភ្នំពេញ", "ວຽງຈັນ", "Nguyễn Thế Phước"):
        assert words in text
    fonts = pdf_fonts(pdf)
    # Embedded under the family names of templates/pdf/fonts.css.html, which load the shipped files.
    assert "RVASE-Sans" in fonts and "RVASE-Khmer" in fonts and "RVASE-Lao" in fonts


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/logo.png", "/etc/passwd"]
)
def test_the_url_fetcher_refuses_anything_but_the_projects_static_files(url):
    with pytest.raises(ValueError, match="Refused"):
        fetch_project_file(url)


def test_the_url_fetcher_serves_a_shipped_font():
    body, name = fetch_project_file("rvase-static:///fonts/NotoSansLao-Regular.ttf")
    assert name == "NotoSansLao-Regular.ttf" and body[:4] == b"\x00\x01\x00\x00"
    with pytest.raises(ValueError):
        fetch_project_file("rvase-static:///../rvase/settings/base.py")


def test_references_to_local_files_or_the_network_are_not_fetched():
    html = document(
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/passwd">'
        '<iframe src="http://127.0.0.1:9/"></iframe><object data="file:///etc/hostname"></object>'
        "<p style=\"background: url('file:///etc/passwd')\">Compte rendu</p>"
    )
    text = pdf_text(render_pdf(html=html))
    assert "Compte rendu" in text
    assert "root:" not in text


def test_rendering_has_a_time_limit():
    # Enough content to take far longer than the limit.
    body = "".join(f"<table>{'<tr><td>x</td></tr>' * 400}</table>" for _ in range(200))
    with pytest.raises(PDFRenderTimeout):
        render_pdf(html=document(body), timeout=0.5)
