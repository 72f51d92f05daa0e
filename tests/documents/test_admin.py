"""The coordinator's admin: a document with its versions inline; new files go through the same checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from tests.documents import files
from tests.documents.conftest import stored_files
from tests.factories import DocumentFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    return coordinator_client


def document_form(**overrides):
    data = {
        "title_fr": "Feuille de route 2025",
        "title_en": "",
        "description_fr": "",
        "description_en": "",
        "category": "action_plan",
        "language": "fr",
        "visibility": "members",
        "published_on": "2023-05-18",
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_adding_a_document_with_its_file_in_the_admin(admin_client, coordinator, media_root):
    response = admin_client.post(
        "/admin/documents/document/add/",
        document_form(**{"versions-0-file": SimpleUploadedFile("Feuille de route.pdf", files.pdf_bytes())}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.uploaded_by == coordinator
    version = document.versions.get()
    assert (version.number, version.original_name) == (1, "Feuille de route.pdf")
    assert version.content_type == "application/pdf"
    assert version.uploaded_by == coordinator
    assert len(stored_files(media_root)) == 1


def test_a_new_document_needs_its_file(admin_client, media_root):
    response = admin_client.post("/admin/documents/document/add/", document_form())
    assert response.status_code == 200
    assert "Upload the document&#x27;s file." in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (files.EXECUTABLE, "This file is named .pdf but its content is not a PDF file."),
        (files.zip_bomb(unpacked_bytes=201 * 1024 * 1024), "it is refused as a possible zip bomb"),
        (b"", "The submitted file is empty."),
    ],
)
def test_the_admin_refuses_what_the_site_refuses(admin_client, media_root, data, message):
    name = "rapport.pdf" if data is files.EXECUTABLE else "rapport.docx"
    response = admin_client.post(
        "/admin/documents/document/add/", document_form(**{"versions-0-file": SimpleUploadedFile(name, data)})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_new_version_in_the_admin_keeps_the_older_ones(admin_client, media_root):
    document = DocumentFactory(title="Plan 2023")
    first = DocumentVersionFactory(document=document, number=1, original_name="plan.pdf")
    page = admin_client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    # The existing version links to the guarded download, never to a storage URL, and cannot be replaced.
    assert f'href="/documents/{document.pk}/versions/{first.pk}/download/"' in page
    assert "media-not-served" not in page
    assert 'name="versions-0-file"' not in page
    data = document_form(
        title_fr="Plan 2023",
        **{
            "versions-TOTAL_FORMS": "2",
            "versions-INITIAL_FORMS": "1",
            "versions-0-id": str(first.pk),
            "versions-0-document": str(document.pk),
            "versions-1-file": SimpleUploadedFile("plan v2.odt", files.odf_bytes("odt")),
        },
    )
    response = admin_client.post(f"/admin/documents/document/{document.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(v.number, v.original_name) for v in document.versions.order_by("number")] == [
        (1, "plan.pdf"),
        (2, "plan v2.odt"),
    ]
    assert document.versions.get(number=2).content_type == "application/vnd.oasis.opendocument.text"
    assert len(stored_files(media_root)) == 2


def test_the_admin_list_counts_versions(admin_client):
    document = DocumentFactory(title="Compte rendu")
    DocumentVersionFactory(document=document, number=1)
    DocumentVersionFactory(document=document, number=2)
    response = admin_client.get("/admin/documents/document/")
    assert response.status_code == 200
    assert "Compte rendu" in response.content.decode()
