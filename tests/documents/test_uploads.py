"""Uploading documents and new versions: who may, what is stored, and what a refused upload leaves (nothing)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents import services
from documents.models import Document, DocumentVersion
from tests.documents import files
from tests.documents.conftest import stored_files
from tests.factories import DocumentFactory, DocumentVersionFactory, EventFactory, MemberFactory, ThemeFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^documents/[0-9a-f]{32}$")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def upload(name="Compte rendu.pdf", data=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, files.pdf_bytes() if data is None else data, content_type=content_type)


def form_data(**overrides):
    data = {
        "title": "Compte rendu de la réunion de Hué",
        "description": "Gestion des boues de vidange à Hué.",
        "category": "minutes",
        "language": "fr",
        "visibility": "members",
        "published_on": "2023-06-10",
        "file": upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_coordinator_uploads_a_document_with_everything(coordinator_client, coordinator, member, media_root):
    theme, event = ThemeFactory(), EventFactory()
    response = coordinator_client.post(
        "/documents/upload/",
        form_data(
            member=member.pk,
            event=event.pk,
            themes=[theme.pk],
            visibility="coordination",
            # The browser's word is ignored: the stored type comes from the content.
            file=upload("Biên bản họp Huế 2023.pdf", content_type="text/html"),
        ),
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/"
    assert (document.member, document.event, document.visibility) == (member, event, "coordination")
    assert list(document.themes.all()) == [theme]
    assert document.uploaded_by == coordinator
    version = document.versions.get()
    assert version.number == 1
    assert version.original_name == "Biên bản họp Huế 2023.pdf"
    assert version.content_type == "application/pdf"
    assert version.size == len(files.pdf_bytes())
    assert version.uploaded_by == coordinator
    # Stored under a random name, never the uploaded one.
    assert RANDOM_NAME.match(version.file.name)
    assert [path.relative_to(media_root).as_posix() for path in stored_files(media_root)] == [version.file.name]
    assert (media_root / version.file.name).read_bytes() == files.pdf_bytes()
    page = page_text(coordinator_client.get(response["Location"]))
    assert "Compte rendu de la réunion de Hué" in page
    assert "Biên bản họp Huế 2023.pdf" in page


def test_a_network_wide_document_by_the_coordinator_has_no_member(coordinator_client):
    assert coordinator_client.post("/documents/upload/", form_data()).status_code == 302
    assert Document.objects.get().member is None


def test_the_focal_point_uploads_for_their_own_member(focal_point_client, focal_point, member, english):
    page = focal_point_client.get("/documents/upload/")
    text = page_text(page)
    assert member.name in text
    body = page.content.decode()
    # Their member is fixed (a hidden field), and "coordination only" is not offered.
    assert f'<input type="hidden" name="member" value="{member.pk}">' in body
    assert 'value="coordination"' not in body
    assert 'value="members"' in body and 'value="public"' in body

    response = focal_point_client.post("/documents/upload/", form_data(member=member.pk, visibility="public"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.member == member
    assert document.uploaded_by == focal_point.person.user


def test_a_focal_point_naming_another_member_is_refused_and_nothing_is_stored(focal_point_client, media_root):
    other = MemberFactory()
    response = focal_point_client.post("/documents/upload/", form_data(member=other.pk))
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("value", ["²", "9" * 30, "hue", "-1", "1 OR 1=1"])
def test_a_forged_member_value_is_refused(client, focal_point, coordinator, media_root, value):
    for user in (focal_point.person.user, coordinator):
        client.force_login(user)
        assert client.post("/documents/upload/", form_data(member=value)).status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_focal_point_choosing_coordination_only_is_refused(focal_point_client, member, media_root):
    response = focal_point_client.post("/documents/upload/", form_data(member=member.pk, visibility="coordination"))
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_focal_point_must_name_their_member(focal_point_client, english, media_root):
    response = focal_point_client.post("/documents/upload/", form_data())
    assert response.status_code == 200
    assert "Choose the member this document belongs to." in page_text(response)
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_person_of_a_member_who_is_not_its_focal_point_may_not_upload(member_client, member, media_root):
    assert member_client.post("/documents/upload/", form_data(member=member.pk)).status_code == 403
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_visitor_posting_an_upload_is_sent_to_log_in(client, media_root):
    response = client.post("/documents/upload/", form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert stored_files(media_root) == []


def test_uploads_still_need_the_csrf_token(coordinator, media_root):
    document = DocumentFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post("/documents/upload/", form_data()).status_code == 403
    assert client.post(f"/documents/{document.pk}/versions/new/", {"file": upload()}).status_code == 403
    assert Document.objects.get() == document
    assert not DocumentVersion.objects.exists()
    assert stored_files(media_root) == []


BAD_UPLOADS = {
    "renamed executable": (
        {"file": upload("rapport.pdf", files.EXECUTABLE)},
        "This file is named .pdf but its content is not a PDF file.",
    ),
    "html named pdf": ({"file": upload("rapport.pdf", files.HTML)}, "its content is not a PDF file"),
    "svg": ({"file": upload("logo.svg", files.SVG, "image/svg+xml")}, "This type of file is not accepted"),
    "zip bomb named docx": (
        {"file": upload("rapport.docx", files.zip_bomb(unpacked_bytes=201 * 1024 * 1024))},
        "it is refused as a possible zip bomb",
    ),
    "empty file": ({"file": upload("vide.pdf", b"")}, "The file is empty."),
    "no file": ({"file": None}, "Choose the file to upload."),
    "no title": ({"title": ""}, "Give the document a title."),
    "blank title": ({"title": "   "}, "Give the document a title."),
    "date in the future": ({"published_on": "2999-01-01"}, "The date cannot be in the future."),
    "unknown category": ({"category": "<script>"}, "Select a valid choice."),
}


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(coordinator_client, english, media_root, case):
    overrides, expected = BAD_UPLOADS[case]
    response = coordinator_client.post("/documents/upload/", form_data(**overrides))
    assert response.status_code == 200
    text = page_text(response)
    assert "The document was not saved: please correct the errors below." in text
    assert expected in text
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused_while_it_is_received(coordinator_client, english, media_root, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1000
    response = coordinator_client.post("/documents/upload/", form_data(file=upload(data=files.pdf_bytes(5000))))
    assert response.status_code == 200
    assert "The file is too large; the limit is 1000 bytes." in page_text(response)
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_default_limit_is_25_mb(coordinator_client, english, media_root):
    too_big = files.pdf_bytes(padding=25 * 1024 * 1024)
    response = coordinator_client.post("/documents/upload/", form_data(file=upload(data=too_big)))
    assert "The file is too large; the limit is 25.0 MB." in page_text(response)
    assert stored_files(media_root) == []


def test_hostile_text_is_shown_escaped_never_run(coordinator_client, english):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = coordinator_client.post("/documents/upload/", form_data(title=hostile, description=hostile, file=None))
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body  # the title is given back in its field, escaped
    response = coordinator_client.post("/documents/upload/", form_data(title=hostile, description=hostile), follow=True)
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert hostile in page_text(response)


def test_a_name_with_directories_and_control_characters_is_cleaned(coordinator_client):
    coordinator_client.post("/documents/upload/", form_data(file=upload("../../secret/facture\u202egpj.exe.pdf")))
    version = DocumentVersion.objects.get()
    assert version.original_name == "facturegpj.exe.pdf"
    assert RANDOM_NAME.match(version.file.name)


def test_a_name_with_a_newline_is_cleaned_by_the_service(coordinator, media_root):
    document = services.document_create(
        by=coordinator,
        data={"title": "Note", "published_on": datetime.date(2023, 5, 18), "visibility": "public"},
        uploaded_file=upload('Rapport\r\nContent-Type: text "x".pdf'),
    )
    assert document.versions.get().original_name == "Rapport Content-Type_ text 'x'.pdf"


# ---- new versions ---------------------------------------------------------------------------------------------------


@pytest.fixture
def hue_document(member):
    document = DocumentFactory(title="Plan FSM de Hué", member=member, visibility=Document.Visibility.MEMBERS)
    DocumentVersionFactory(document=document, number=1, original_name="plan v1.pdf")
    return document


def test_a_new_version_becomes_current_and_the_older_one_stays_downloadable(
    focal_point_client, focal_point, hue_document, english
):
    new_pdf = files.pdf_bytes(padding=100)
    response = focal_point_client.post(
        f"/documents/{hue_document.pk}/versions/new/", {"file": upload("plan v2.pdf", new_pdf)}, follow=True
    )
    text = page_text(response)
    assert "Version 2 (“plan v2.pdf”) is now the current file." in text
    versions = list(hue_document.versions.order_by("number"))
    assert [(v.number, v.original_name) for v in versions] == [(1, "plan v1.pdf"), (2, "plan v2.pdf")]
    assert versions[1].uploaded_by == focal_point.person.user
    current = focal_point_client.get(f"/documents/{hue_document.pk}/download/")
    assert b"".join(current.streaming_content) == new_pdf
    older = focal_point_client.get(f"/documents/{hue_document.pk}/versions/{versions[0].pk}/download/")
    assert b"".join(older.streaming_content) == files.MINIMAL_PDF
    assert "plan v1.pdf" in older["Content-Disposition"]


def test_a_refused_new_version_says_why_on_the_document_page_and_stores_nothing(
    focal_point_client, hue_document, english, media_root
):
    before = stored_files(media_root)
    response = focal_point_client.post(
        f"/documents/{hue_document.pk}/versions/new/", {"file": upload("plan.docx", files.HTML)}
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "The new version was not saved: please correct the errors below." in text
    assert "This file is named .docx but its content is not a Word file." in text
    assert "Plan FSM de Hué" in text
    assert hue_document.versions.count() == 1
    assert stored_files(media_root) == before


def test_a_new_version_over_the_limit_is_refused(focal_point_client, hue_document, english, media_root, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1000
    before = stored_files(media_root)
    response = focal_point_client.post(
        f"/documents/{hue_document.pk}/versions/new/", {"file": upload(data=files.pdf_bytes(3000))}
    )
    assert "The file is too large; the limit is 1000 bytes." in page_text(response)
    assert hue_document.versions.count() == 1
    assert stored_files(media_root) == before


def test_the_version_form_answers_get_with_405(focal_point_client, hue_document):
    assert focal_point_client.get(f"/documents/{hue_document.pk}/versions/new/").status_code == 405


# ---- nothing half-saved -------------------------------------------------------------------------------------------


def test_a_failure_after_the_file_is_stored_removes_it_and_the_document(coordinator, media_root, monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(DocumentVersion, "save", fail)
    with pytest.raises(RuntimeError):
        services.document_create(
            by=coordinator,
            data={"title": "Note", "published_on": datetime.date(2023, 5, 18)},
            uploaded_file=upload(),
        )
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_deleting_a_document_deletes_its_files_once_committed(
    hue_document, media_root, django_capture_on_commit_callbacks
):
    DocumentVersionFactory(document=hue_document, number=2)
    assert len(stored_files(media_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        hue_document.delete()
    assert stored_files(media_root) == []


def test_the_service_checks_rights_itself(focal_point, media_root):
    from django.core.exceptions import PermissionDenied

    other = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.document_create(
            by=focal_point.person.user,
            data={"title": "Note", "member": other, "published_on": datetime.date(2023, 5, 18)},
            uploaded_file=upload(),
        )
    assert stored_files(media_root) == []
