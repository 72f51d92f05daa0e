"""Uploads that carry more than they show (documents/validation.py): refused, with a message, nothing stored.

PDFs that run JavaScript or launch a program (however the PDF hides it: escaped names, compressed object streams,
a link's action); Office and OpenDocument files that fetch content from elsewhere (a remote template, a linked
image, another workbook); an archive whose table of contents understates what it unpacks to (1 GiB). The same
kinds of files without the hostile part are accepted.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.pdf import render_pdf
from documents.models import Document
from documents.validation import UploadRejected, validate_upload
from tests.documents import files
from tests.documents.conftest import stored_files
from tests.utils import page_text

pytestmark = pytest.mark.django_db

HOSTILE = {
    "PDF: JavaScript run on opening": ("rapport.pdf", files.pdf_with_open_action_javascript, "pdf_active_content"),
    "PDF: a program launched on opening": ("rapport.pdf", files.pdf_with_launch_action, "pdf_active_content"),
    "PDF: the document's JavaScript names": ("rapport.pdf", files.pdf_with_javascript_name_tree, "pdf_active_content"),
    "PDF: JavaScript under escaped names": ("rapport.pdf", files.pdf_with_escaped_names, "pdf_active_content"),
    "PDF: JavaScript in a compressed object stream": (
        "rapport.pdf",
        files.pdf_with_javascript_in_an_object_stream,
        "pdf_active_content",
    ),
    "PDF: a link running JavaScript": (
        "rapport.pdf",
        files.pdf_with_a_link_annotation_running_javascript,
        "pdf_active_content",
    ),
    "DOCX: a remote template": ("compte-rendu.docx", files.docx_with_remote_template, "external_content"),
    "DOCX: an image fetched from a share": ("compte-rendu.docx", files.docx_with_linked_image, "external_content"),
    "XLSX: a link to another workbook": ("cotisations.xlsx", files.xlsx_with_external_workbook, "external_content"),
    "ODT: an image fetched from a server": ("compte-rendu.odt", files.odt_with_linked_image, "external_content"),
    "DOCX: a directory that says 1 KB for 1 GiB": (
        "rapport.docx",
        lambda: files.understated_zip_bomb(unpacked_bytes=1024**3),
        "zip_bomb",
    ),
}
ORDINARY = {
    "PDF with a web link": ("rapport.pdf", files.pdf_plain, "pdf"),
    "PDF with compressed object streams": ("rapport.pdf", files.pdf_plain_in_an_object_stream, "pdf"),
    "DOCX with a hyperlink": ("compte-rendu.docx", files.docx_with_hyperlink, "docx"),
    "ODT with a hyperlink": ("compte-rendu.odt", files.odt_with_hyperlink, "odt"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_is_refused(case):
    name, build, code = HOSTILE[case]
    with pytest.raises(UploadRejected) as error:
        validate_upload(SimpleUploadedFile(name, build()))
    assert error.value.code == code


@pytest.mark.parametrize("case", list(ORDINARY))
def test_the_same_kind_of_file_without_the_hostile_part_is_accepted(case):
    name, build, key = ORDINARY[case]
    assert validate_upload(SimpleUploadedFile(name, build())).key == key


def test_the_portals_own_pdfs_are_accepted():
    # The approved minutes are filed in the archive: WeasyPrint's PDFs must pass the same checks.
    pdf = render_pdf(html="<h1>Compte rendu</h1><p><a href='https://aimf.asso.fr/'>AIMF</a></p>")
    assert validate_upload(SimpleUploadedFile("compte-rendu.pdf", pdf)).key == "pdf"


def test_a_pdf_with_a_password_cannot_be_checked_and_is_refused():
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UploadRejected) as error:
        validate_upload(SimpleUploadedFile("secret.pdf", buffer.getvalue()))
    assert error.value.code == "encrypted"


def test_a_pdf_whose_password_only_restricts_printing_is_checked_and_accepted():
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert validate_upload(SimpleUploadedFile("restreint.pdf", buffer.getvalue())).key == "pdf"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("PDF: JavaScript run on opening", "Ce PDF contient du JavaScript, qu'un lecteur de PDF exécuterait"),
        ("DOCX: a remote template", "Ce fichier va chercher du contenu ailleurs à son ouverture"),
        ("DOCX: a directory that says 1 KB for 1 GiB", "il est refusé car il pourrait s'agir d'une bombe ZIP"),
    ],
)
def test_the_uploader_reads_why_and_nothing_is_stored(focal_point_client, media_root, case, message):
    name, build, _code = HOSTILE[case]
    response = focal_point_client.post(
        "/documents/upload/",
        {
            "title": "Compte rendu",
            "category": "minutes",
            "language": "fr",
            "visibility": "members",
            "published_on": "2023-06-10",
            "file": SimpleUploadedFile(name, build()),
        },
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Document.objects.exists()
    assert stored_files(media_root) == []
