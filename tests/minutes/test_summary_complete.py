"""The annual-meeting summary of 2023, complete and tight (issue 15, point 4), read back with pdftotext."""

import re

import pytest

from minutes.models import Minutes
from tests.common.test_pdf import pdf_text
from tests.pdf_pages import page_fill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

URL = "/events/reunion-annuelle-2023/summary.pdf"


def download(client, url=URL) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_summary_holds_every_column_participants_members_in_their_scripts_and_one_numbering(
    rvase_2023, member_client, tmp_path
):
    pdf = download(member_client)
    (tmp_path / "summary.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    # The title says what it is once; no "Plan d'action 2023 (2023)".
    assert "Réunion annuelle 2023 du Réseau des Villes d'Asie du Sud-Est" in flat
    assert "Synthèse de la réunion annuelle — Réunion annuelle" not in flat
    assert "Plan d'action 2023 (2023)" not in flat
    # The four columns of action 2, each as the deck writes it.
    for cell in (
        "Identification et prise de contact avec les acteurs de soutien à la décentralisation",
        "Prise de contact et dialogue avec : Le CGLU-ASPAC, secrétariat de l'AMF",
        "AUF Laos",
        "Continuer à nouer des contacts avec les acteurs de la coopération et l'urbanisme durable",
    ):
        # pdftotext joins a word the narrow column broke at its hyphen ("CGLU-⏎ASPAC" reads "CGLUASPAC").
        assert cell.replace("-", "") in flat.replace("-", ""), cell
    assert "Propositions" in flat and "Activités prévues" in flat and "État des lieux" in flat
    # The participants: the two AIMF speakers and the nine member officials.
    for name in (
        "Arianna Ardesi",
        "Emilie Traub",
        "Nuon Pharat",
        "SUI Seret",
        "CHHAY Matinal",
        "SAEM Nhav",
        "BANNAVONG Phoukhong",
        "HATSACHANH Viengthong",
        "Nguyễn Thế Phước",
        "Nguyễn Thị Thanh Mỹ",
        "Trần Song",
    ):
        assert name in flat, name
    # The members with their names in their own scripts: Khmer, Lao, Vietnamese.
    for local in ("ភ្នំពេញ", "សៀមរាប", "ວຽງຈັນ", "ຫຼວງພະບາງ", "Cần Thơ", "Hải Phòng"):
        assert local in text, local
    # Themes and their projects, partners, working modalities.
    assert "Amélioration de l'assainissement en ville" in flat and "Projet CALU" in flat
    assert "CGLU-ASPAC" in flat and "UN-ESCAP" in flat
    assert "Formation a distance (tutorat)" in flat and "Veille possibilités de financements" in flat
    # One numbering for the recommendations across the document: 1 to 13, never restarting.
    start = flat.rindex("8. Conclusions")
    conclusions = flat[start + len("8. Conclusions") : flat.index("9. Feuille de route", start)]
    numbers = [int(n) for n in re.findall(r"(?:^| )(\d{1,2})\. (?=[A-ZÉ])", conclusions)]
    assert numbers == list(range(1, 14)), numbers


def test_no_page_of_the_summary_is_less_than_a_quarter_full_but_the_last(rvase_2023, member_client, tmp_path):
    fills = page_fill(download(member_client), tmp_path)
    assert len(fills) >= 2
    assert all(fill >= 0.25 for fill in fills[:-1]), fills


def test_before_approval_the_summary_gives_the_circulated_conclusions_as_such(rvase_2023, member_client):
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    Minutes.objects.filter(pk=minutes.pk).update(current_version=None, status=Minutes.Status.CIRCULATED)
    flat = " ".join(pdf_text(download(member_client)).split())
    assert "transmises pour validation le 31 mai 2023 à l'ensemble des membres" in flat.lower()
    assert "Le Réseau fonctionne de manière informelle" in flat
