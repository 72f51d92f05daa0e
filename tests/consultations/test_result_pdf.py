"""The PDF record of a closed round is rendered once per change, then streamed; renderings are bounded.

Before, each download rendered it (six downloads at once held every web process). The rendering function is
counted here through the module that calls it.
"""

import pytest
from django.test import Client

from common import pdf as common_pdf
from consultations import pdfs, services
from consultations.models import Consultation, ResultPDF
from tests.common.pdf_structure import assert_tagged, read_structure
from tests.common.test_pdf import pdf_text
from tests.consultations.conftest import client_for
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(consultation):
    return services.consultation_close(consultation=consultation)


@pytest.fixture
def renders(monkeypatch):
    """The PDFs rendered through consultations.pdfs (a rendering refused for want of a slot is not one)."""
    calls = []
    real = pdfs.render_pdf

    def counting(*, html, **kwargs):
        pdf = real(html=html, **kwargs)
        calls.append(html)
        return pdf

    monkeypatch.setattr(pdfs, "render_pdf", counting)
    return calls


def download(client: Client, consultation) -> bytes:
    response = client.get(f"/consultations/{consultation.pk}/result.pdf")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_record_is_rendered_once_then_streamed(network, closed, renders):
    reader = client_for(network["hue_person"].user)
    first = download(reader, closed)
    assert "Plan d'action thématique GBV 2023-2025" in pdf_text(first)
    for _ in range(6):
        assert download(reader, closed) == first
    assert len(renders) == 1
    assert ResultPDF.objects.count() == 1


def test_a_change_to_what_it_shows_renders_it_again_once(network, closed, renders, django_capture_on_commit_callbacks):
    reader = client_for(network["hue_person"].user)
    download(reader, closed)
    old_file = ResultPDF.objects.get().file.name
    Consultation.objects.filter(pk=closed.pk).update(subject="Feuille de route 2025")
    with django_capture_on_commit_callbacks(execute=True):
        text = pdf_text(download(reader, closed))
    assert "Feuille de route 2025" in text
    download(reader, closed)
    assert len(renders) == 2
    row = ResultPDF.objects.get()
    assert row.file.name != old_file
    assert not row.file.storage.exists(old_file)  # the replaced file is gone


def test_each_language_has_its_own_record(network, closed, renders):
    reader = client_for(network["hue_person"].user)
    download(reader, closed)
    reader.cookies["django_language"] = "en"
    assert "Record of a validation round" in pdf_text(download(reader, closed))
    assert sorted(ResultPDF.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_with_every_rendering_slot_taken_a_new_record_waits_and_a_stored_one_streams(
    network, closed, consultation, renders, settings
):
    settings.PDF_RENDER_QUEUE_SECONDS = 0
    reader = client_for(network["hue_person"].user)
    stored = download(reader, closed)
    other = services.consultation_close(
        consultation=services.consultation_open(
            by=network["coordinator"],
            subject="Questionnaire tourisme durable",
            opened_on=closed.opened_on,
            deadline=closed.deadline,
            eligible=[network["hue"]],
        )
    )
    slots = common_pdf.render_slots()
    assert slots.acquire(timeout=1)  # another request of this process is rendering
    try:
        response = reader.get(f"/consultations/{other.pk}/result.pdf")
        assert response.status_code == 503
        assert response["Retry-After"] == "10"
        assert "Le PDF est en cours de préparation" in page_text(response)
        assert download(reader, closed) == stored  # already rendered: no slot needed
    finally:
        slots.release()
    assert "Questionnaire tourisme durable" in pdf_text(download(reader, other))
    assert len(renders) == 2


def test_two_requests_for_the_same_record_render_it_once(network, closed, renders):
    reader = client_for(network["hue_person"].user)
    lock = f"consultations:result-pdf-rendering:{closed.pk}:fr"
    from django.core.cache import cache

    cache.add(lock, 1)  # the first request is rendering it
    response = reader.get(f"/consultations/{closed.pk}/result.pdf")
    assert response.status_code == 503
    assert renders == []
    cache.delete(lock)
    download(reader, closed)
    assert len(renders) == 1


def test_a_process_renders_at_most_its_number_of_pdfs_at_a_time(settings):
    settings.PDF_RENDER_QUEUE_SECONDS = 0
    slots = common_pdf.render_slots()
    assert slots.acquire(timeout=1)
    try:
        with pytest.raises(common_pdf.PDFRenderBusy):
            common_pdf.render_pdf(html="<p>Compte rendu</p>")
    finally:
        slots.release()
    assert common_pdf.render_pdf(html="<p>Compte rendu</p>").startswith(b"%PDF")


def test_only_members_people_read_it(closed, client):
    response = client.get(f"/consultations/{closed.pk}/result.pdf")
    assert response.status_code == 302
    assert not ResultPDF.objects.exists()


def test_the_record_is_a_tagged_pdf_in_the_readers_language(network, closed):
    structure = read_structure(download(client_for(network["hue_person"].user), closed))
    assert_tagged(structure, lang="fr", title="Plan d'action thématique GBV 2023-2025")
    assert structure.pdfa is None
