"""Visibility × role × action: list, page, download of the current file and of an older version, uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from tests.documents.conftest import ROLES, login
from tests.documents.files import pdf_bytes
from tests.factories import MINIMAL_PDF, DocumentFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

VISIBILITIES = ["public", "members", "coordination"]
# What each role may read; the others are sent to log in (visitors) or refused with 403 (everyone else).
READERS = {
    "public": set(ROLES),
    "members": {"member", "focal_point", "other_focal_point", "coordinator"},
    "coordination": {"coordinator"},
}


def expect_denied(response, role):
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == 403
    assert not response.streaming
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_what_the_role_may_read(client, people, document_with_versions, role, visibility):
    document = document_with_versions(visibility)
    text = page_text(login(client, people[role]).get("/documents/"))
    assert (document.title in text) == (role in READERS[visibility])


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_the_document_page(client, people, document_with_versions, role, visibility):
    document = document_with_versions(visibility)
    response = login(client, people[role]).get(f"/documents/{document.pk}/")
    if role in READERS[visibility]:
        assert response.status_code == 200
        text = page_text(response)
        assert document.title in text
        assert "actuelle.pdf" in text and "ancienne.pdf" in text
    else:
        expect_denied(response, role)
        assert document.title not in response.content.decode()


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_downloading_the_current_file(client, people, document_with_versions, role, visibility):
    document = document_with_versions(visibility)
    response = login(client, people[role]).get(f"/documents/{document.pk}/download/")
    if role in READERS[visibility]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert "actuelle.pdf" in response["Content-Disposition"]
    else:
        expect_denied(response, role)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_downloading_an_older_version(client, people, document_with_versions, role, visibility):
    document = document_with_versions(visibility)
    older = document.versions.get(number=1)
    response = login(client, people[role]).get(f"/documents/{document.pk}/versions/{older.pk}/download/")
    if role in READERS[visibility]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MINIMAL_PDF
        assert "ancienne.pdf" in response["Content-Disposition"]
    else:
        expect_denied(response, role)


def test_a_version_is_only_reachable_under_its_own_document(client, people, document_with_versions):
    public = document_with_versions("public")
    secret = document_with_versions("coordination")
    secret_version = secret.versions.get(number=1)
    # The public document's id with the secret document's version id: not found, not the secret file.
    response = login(client, people["member"]).get(f"/documents/{public.pk}/versions/{secret_version.pk}/download/")
    assert response.status_code == 404


def test_a_document_without_a_file_answers_404_on_download(client):
    document = DocumentFactory(visibility=Document.Visibility.PUBLIC)
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404
    assert client.get("/documents/999999/download/").status_code == 404
    assert client.get("/documents/999999/").status_code == 404
    huge = "9" * 30  # beyond a bigint: still a plain 404
    assert client.get(f"/documents/{huge}/").status_code == 404
    assert client.get(f"/documents/{huge}/download/").status_code == 404
    assert client.get(f"/documents/{document.pk}/versions/{huge}/download/").status_code == 404


def test_the_media_url_serves_nothing(client, document_with_versions):
    document = document_with_versions("members")
    stored_name = document.versions.first().file.name
    assert client.get(f"/media-not-served/{stored_name}").status_code == 404
    assert client.get(f"/media/{stored_name}").status_code == 404


UPLOAD_PAGE = {"visitor": "login", "member": 403, "focal_point": 200, "other_focal_point": 200, "coordinator": 200}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_upload_page(client, people, role):
    response = login(client, people[role]).get("/documents/upload/")
    if UPLOAD_PAGE[role] == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == UPLOAD_PAGE[role]


# A new version of a document of `member`: the coordinator always, the member's focal point unless the
# document is for the coordination only; nobody else.
ADD_VERSION = {
    "public": {"focal_point", "coordinator"},
    "members": {"focal_point", "coordinator"},
    "coordination": {"coordinator"},
}


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_a_version(client, people, document_with_versions, role, visibility):
    document = document_with_versions(visibility)
    client = login(client, people[role])
    response = client.post(
        f"/documents/{document.pk}/versions/new/", {"file": SimpleUploadedFile("nouvelle.pdf", pdf_bytes())}
    )
    if role in ADD_VERSION[visibility]:
        assert response.status_code == 302
        assert response["Location"] == f"/documents/{document.pk}/"
        assert document.versions.count() == 3
    else:
        assert response.status_code == (302 if role == "visitor" else 403)
        if role == "visitor":
            assert response["Location"].startswith("/accounts/login/")
        assert document.versions.count() == 2


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
def test_the_new_version_form_is_shown_only_to_those_allowed(client, people, document_with_versions, role, visibility):
    if role not in READERS[visibility]:
        return
    document = document_with_versions(visibility)
    client = login(client, people[role])
    client.cookies["django_language"] = "en"
    text = page_text(client.get(f"/documents/{document.pk}/"))
    assert ("Upload a new version" in text) == (role in ADD_VERSION[visibility])
