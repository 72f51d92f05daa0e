"""documents.validation: the type comes from the content; sizes, zip directories and names are bounded."""

import io
import time

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents import validation
from documents.validation import Limits, UploadRejected, ascii_file_name, safe_file_name, validate_upload
from tests.documents import files

LIMITS = Limits(max_bytes=25 * 1024 * 1024, max_uncompressed_bytes=10 * 1024 * 1024, max_zip_entries=50,
                max_image_pixels=1_000_000)  # fmt: skip


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check(data: bytes, name: str = "upload.bin", limits: Limits = LIMITS):
    return validate_upload(SimpleUploadedFile(name, data, content_type="application/pdf"), limits=limits)


def rejected(data: bytes, name: str = "upload.bin", limits: Limits = LIMITS) -> UploadRejected:
    with pytest.raises(UploadRejected) as error:
        check(data, name, limits)
    return error.value


def message(error: UploadRejected) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (files.pdf_bytes(), validation.PDF),
        (files.ooxml_bytes("docx"), validation.DOCX),
        (files.ooxml_bytes("xlsx"), validation.XLSX),
        (files.ooxml_bytes("pptx"), validation.PPTX),
        (files.odf_bytes("odt"), validation.ODT),
        (files.odf_bytes("ods"), validation.ODS),
        (files.odf_bytes("odp"), validation.ODP),
        (files.image_bytes("PNG"), validation.PNG),
        (files.image_bytes("JPEG"), validation.JPEG),
    ],
    ids=lambda value: value.key if isinstance(value, validation.FileType) else None,
)
def test_each_accepted_type_is_recognised_by_its_content_whatever_its_name(data, expected):
    # The name lies ("notes.txt") and the browser's type says PDF: only the content counts.
    assert check(data, name="notes.txt") == expected


def test_the_file_is_left_at_its_start_for_the_storage():
    upload = SimpleUploadedFile("a.docx", files.ooxml_bytes("docx"))
    validate_upload(upload, limits=LIMITS)
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (files.EXECUTABLE, "rapport.pdf"),
        (files.HTML, "rapport.pdf"),
        (files.SVG, "photo.png"),
        (files.HTML, "page.html"),
        (files.SVG, "logo.svg"),
        (b"just some text\n", "notes.txt"),
    ],
)
def test_executables_html_and_svg_are_refused_whatever_their_name(data, name):
    error = rejected(data, name)
    assert error.code in {"mismatch", "not_accepted"}
    assert "Accepted: PDF" in message(error)


def test_a_renamed_executable_is_told_its_content_does_not_match_its_name():
    error = rejected(files.EXECUTABLE, "Compte rendu.pdf")
    assert error.code == "mismatch"
    assert "named .pdf but its content is not a PDF file" in message(error)


def test_an_empty_file_is_refused():
    error = rejected(b"", "vide.pdf")
    assert error.code == "empty"
    assert message(error) == "The file is empty."


class Unreadable(io.BytesIO):
    def read(self, *args):
        pytest.fail("the file was read")


def test_the_size_limit_is_checked_before_reading():
    upload = File(Unreadable(files.pdf_bytes(padding=2000)), name="big.pdf")
    with pytest.raises(UploadRejected) as error:
        validate_upload(upload, limits=Limits(1000, 10**6, 10, 10**6))
    assert error.value.code == "too_large"
    assert "The file is too large (2.1\xa0KB); the limit is 1000\xa0bytes." in message(error.value)


def test_the_size_limit_comes_from_the_settings(settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(UploadRejected) as error:
        validate_upload(ContentFile(files.pdf_bytes(), name="a.pdf"))
    assert error.value.code == "too_large"
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 10_000
    assert validate_upload(ContentFile(files.pdf_bytes(), name="a.pdf")) == validation.PDF


def test_the_default_limits():
    limits = Limits.from_settings()
    assert limits.max_bytes == 25 * 1024 * 1024
    assert limits.max_uncompressed_bytes == 200 * 1024 * 1024
    assert limits.max_zip_entries == 2000


def test_a_truncated_pdf_is_refused():
    error = rejected(files.pdf_bytes().replace(b"%%EOF", b""), "coupé.pdf")
    assert error.code == "damaged"


def test_a_zip_bomb_named_docx_is_refused_from_its_directory_alone():
    bomb = files.zip_bomb(unpacked_bytes=12 * 1024 * 1024)
    assert len(bomb) < 100_000
    error = rejected(bomb, "rapport.docx")
    assert error.code == "zip_bomb"
    assert "Once unpacked this file would take 12.0\xa0MB, more than the 10.0\xa0MB allowed" in message(error)


def test_a_zip_bomb_beyond_the_default_200_mb_is_refused_quickly():
    bomb = files.zip_bomb(unpacked_bytes=201 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(UploadRejected) as error:
        validate_upload(SimpleUploadedFile("bombe.docx", bomb))
    assert error.value.code == "zip_bomb"
    assert time.perf_counter() - started < 1  # only the directory was read, nothing was unpacked


def test_a_zip_with_too_many_entries_is_refused():
    error = rejected(files.many_entries_zip(60), "many.docx")
    assert error.code == "zip_entries"
    assert "more than the 50 allowed" in message(error)


def test_an_encrypted_archive_is_refused_clearly():
    error = rejected(files.encrypted_zip(), "secret.docx")
    assert error.code == "encrypted"
    assert "password-protected" in message(error)


def test_old_binary_office_files_and_protected_office_files_are_explained():
    error = rejected(files.OLD_WORD, "ancien.doc")
    assert error.code == "legacy_office"
    assert ".docx" in message(error)


@pytest.mark.parametrize(
    "data",
    [
        files.ooxml_bytes("docx")[:200],  # cut short: no central directory
        b"PK\x03\x04" + bytes(300),
        files.ooxml_bytes("docx")[:-30] + bytes(30),  # end-of-directory record wiped
    ],
)
def test_a_corrupt_archive_is_refused_as_damaged(data):
    assert rejected(data, "abîmé.docx").code == "damaged"


def test_a_plain_zip_is_not_an_office_file():
    plain_zip = files.many_entries_zip(0).replace(b"[Content_Types].xml", b"[Content_Typez].xml")
    assert rejected(plain_zip, "a.zip").code == "not_accepted"


def test_office_files_with_macros_are_refused():
    error = rejected(files.ooxml_bytes("docx", extra={"word/vbaProject.bin": b"\x00" * 10}), "macro.docx")
    assert error.code == "macros"
    macro_types = files.content_types_xml("x").replace(
        "application/vnd.openxmlformats-officedocument.x", "application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    assert rejected(files.ooxml_bytes("docx", content_types=macro_types), "macro.docx").code == "macros"


def test_opendocument_needs_an_uncompressed_mimetype_first_with_a_known_value():
    assert rejected(files.odf_bytes("odt", compress_mimetype=True), "a.odt").code == "damaged"
    error = rejected(files.odf_bytes(mimetype="application/vnd.oasis.opendocument.graphics"), "a.odg")
    assert error.code == "not_accepted"


def test_images_are_checked_by_pillow_and_bounded_in_pixels():
    assert rejected(files.image_bytes("PNG")[:40], "cut.png").code == "damaged"
    assert rejected(files.image_bytes("PNG", size=(1200, 1000)), "huge.png").code == "too_many_pixels"
    # A GIF is an image, but not an accepted one.
    assert rejected(files.image_bytes("GIF"), "anim.gif").code == "not_accepted"


# ---- names --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Biên bản họp Huế 2023.pdf", "Biên bản họp Huế 2023.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\hue\\Documents\\rapport.pdf", "rapport.pdf"),
        ('Rapport "final".pdf', "Rapport 'final'.pdf"),
        ("ligne\nun\r\ndeux\t.pdf", "ligne un deux.pdf"),
        ("nul\x00byte\x07.pdf", "nulbyte.pdf"),
        ("facture\u202efdp.exe", "facturefdp.exe.pdf"),  # the right-to-left override trick
        ("notes.html", "notes.html.pdf"),
        ("..", "document.pdf"),
        ("", "document.pdf"),
        ("   .pdf", "document.pdf"),
        ("a<b>c|d?.pdf", "a_b_c_d_.pdf"),
        ("Rapport v1.2", "Rapport v1.2.pdf"),
        ("RAPPORT.PDF", "RAPPORT.PDF"),
    ],
)
def test_safe_file_name(name, expected):
    assert safe_file_name(name, file_type=validation.PDF) == expected


def test_safe_file_name_keeps_the_extension_of_a_long_name():
    name = safe_file_name("x" * 400 + ".docx", file_type=validation.DOCX)
    assert len(name) == validation.MAX_NAME_LENGTH
    assert name.endswith("x.docx")


def test_a_jpeg_may_end_in_jpg_or_jpeg():
    assert safe_file_name("photo.jpg", file_type=validation.JPEG) == "photo.jpg"
    assert safe_file_name("photo.JPEG", file_type=validation.JPEG) == "photo.JPEG"
    assert safe_file_name("photo.png", file_type=validation.JPEG) == "photo.png.jpg"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Biên bản họp Huế 2023.pdf", "Bien ban hop Hue 2023.pdf"),
        ("Đà Nẵng.pdf", "Da Nang.pdf"),
        ("ភ្នំពេញ.pdf", "document.pdf"),
        ("Rapport 'final'.pdf", "Rapport 'final'.pdf"),
    ],
)
def test_ascii_file_name(name, expected):
    assert ascii_file_name(name) == expected
