"""The download response: streamed after the permission check, named safely, never rendered by the browser."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.downloads import content_disposition
from documents.models import Document
from tests.factories import MINIMAL_PDF, DocumentFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_document():
    document = DocumentFactory(visibility=Document.Visibility.PUBLIC)
    version = DocumentVersionFactory(document=document, number=1, original_name="Biên bản họp Huế 2023.pdf")
    return document, version


def test_a_download_streams_the_file_with_safe_headers(client, public_document):
    document, _version = public_document
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(MINIMAL_PDF))
    assert response["X-Content-Type-Options"] == "nosniff"
    # The middleware's page policy does not replace the file's own, stricter one.
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert "X-Accel-Redirect" not in response


def test_a_vietnamese_name_is_sent_per_rfc_5987_with_an_ascii_fallback(client, public_document):
    document, _version = public_document
    response = client.get(f"/documents/{document.pk}/download/")
    assert response["Content-Disposition"] == (
        'attachment; filename="Bien ban hop Hue 2023.pdf"; '
        "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp%20Hu%E1%BA%BF%202023.pdf"
    )


@pytest.mark.parametrize(
    ("stored_name", "ascii_name", "utf8_name"),
    [
        ('Rapport "final".pdf', "Rapport 'final'.pdf", "Rapport%20%27final%27.pdf"),
        ("ligne\r\nContent-Type: text/html\r\n\r\n<b>.pdf", "html _b_.pdf", "html%20_b_.pdf"),
        ("../../etc/passwd", "passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini", "boot.ini"),
        ("\u202etxt.exe", "txt.exe", "txt.exe"),
        ("", "document", "document"),
    ],
)
def test_hostile_stored_names_cannot_break_the_header(stored_name, ascii_name, utf8_name):
    header = content_disposition(stored_name)
    assert header == f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{utf8_name}"
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2


def test_a_name_with_quotes_newlines_and_separators_through_the_view(client):
    document = DocumentFactory(visibility=Document.Visibility.PUBLIC)
    # Names are cleaned on upload; a row written by other means is cleaned again on the way out.
    DocumentVersionFactory(document=document, number=1, original_name='a/b\\c "d"\ne.pdf')
    response = client.get(f"/documents/{document.pk}/download/")
    expected = "attachment; filename=\"c 'd' e.pdf\"; filename*=utf-8''c%20%27d%27%20e.pdf"
    assert response["Content-Disposition"] == expected


def test_the_web_server_sends_the_file_when_x_accel_redirect_is_configured(client, public_document, settings):
    settings.DOCUMENTS_X_ACCEL_REDIRECT_PREFIX = "/protected/"
    document, version = public_document
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert not response.streaming
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{version.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Bien ban hop Hue 2023.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_x_accel_redirect_still_checks_the_permission_first(client, settings):
    settings.DOCUMENTS_X_ACCEL_REDIRECT_PREFIX = "/protected/"
    document = DocumentFactory(visibility=Document.Visibility.MEMBERS)
    version = DocumentVersionFactory(document=document, number=1)
    for url in (f"/documents/{document.pk}/download/", f"/documents/{document.pk}/versions/{version.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert "X-Accel-Redirect" not in response


def test_a_file_missing_from_the_storage_is_a_404_not_a_crash(client, public_document, media_root):
    document, version = public_document
    (media_root / version.file.name).unlink()
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404


class RemoteLikeStorage(Storage):
    """Like S3Storage: files live elsewhere (a dict here), path() is not supported, and no URL may be asked for."""

    objects: dict[str, bytes] = {}

    def _save(self, name, content):
        self.objects[name] = b"".join(content.chunks())
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(self.objects[name], name=name)

    def exists(self, name):
        return name in self.objects

    def delete(self, name):
        self.objects.pop(name, None)

    def size(self, name):
        return len(self.objects[name])

    def url(self, name):
        raise AssertionError("a private file's URL was asked for")


def test_upload_and_download_work_on_a_storage_without_paths(coordinator_client, settings, media_root):
    """Only the storage API is used (open, save, delete): the same code runs on an S3 bucket."""
    backend = f"{__name__}.RemoteLikeStorage"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    from django.core.files.storage import default_storage

    response = coordinator_client.post(
        "/documents/upload/",
        {
            "title": "Note",
            "category": "other",
            "language": "fr",
            "visibility": "members",
            "published_on": "2023-05-18",
            "file": SimpleUploadedFile("note.pdf", MINIMAL_PDF),
        },
    )
    assert response.status_code == 302
    version = Document.objects.get().versions.get()
    assert default_storage.exists(version.file.name)
    assert list(media_root.rglob("*")) == []
    assert isinstance(version.file.storage._wrapped, RemoteLikeStorage)
    download = coordinator_client.get(f"/documents/{version.document_id}/download/")
    assert b"".join(download.streaming_content) == MINIMAL_PDF
    page = coordinator_client.get(f"/documents/{version.document_id}/")
    assert page.status_code == 200
