"""Files built in the tests, byte by byte: real ones of each accepted type, and hostile ones."""

import io
import zipfile

from PIL import Image

from tests.factories import MINIMAL_PDF

OOXML_MAIN = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def pdf_bytes(padding: int = 0) -> bytes:
    if not padding:
        return MINIMAL_PDF
    # A comment line before the end marker keeps the file a valid PDF of the wanted size.
    return MINIMAL_PDF.replace(b"trailer", b"%" + b"x" * padding + b"\ntrailer")


def content_types_xml(main_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main.xml" ContentType="application/vnd.openxmlformats-officedocument.{main_type}"/>'
        "</Types>"
    )


def ooxml_bytes(kind: str = "docx", *, extra: dict | None = None, content_types: str | None = None) -> bytes:
    main_part, main_type = OOXML_MAIN[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types or content_types_xml(main_type))
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main_part, "<document>Compte rendu</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odf_bytes(kind: str = "odt", *, mimetype: str | None = None, compress_mimetype: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype",
            mimetype or ODF_MIMETYPES[kind],
            compress_type=zipfile.ZIP_DEFLATED if compress_mimetype else zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def image_bytes(image_format: str = "PNG", size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 122)).save(buffer, image_format)
    return buffer.getvalue()


def zip_bomb(*, unpacked_bytes: int, kind: str = "docx") -> bytes:
    """A well-formed DOCX whose one extra member is `unpacked_bytes` of zeros: a few hundred KB packed."""
    main_part, main_type = OOXML_MAIN[kind]
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types_xml(main_type))
        archive.writestr(main_part, "<document/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            remaining = unpacked_bytes
            while remaining > 0:
                member.write(chunk[: min(len(chunk), remaining)])
                remaining -= len(chunk)
    return buffer.getvalue()


def many_entries_zip(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", content_types_xml(OOXML_MAIN["docx"][1]))
        archive.writestr("word/document.xml", "<document/>")
        for number in range(count):
            archive.writestr(f"word/part{number}.xml", "")
    return buffer.getvalue()


def encrypted_zip() -> bytes:
    """A DOCX-shaped zip whose members carry the "encrypted" flag (zipfile cannot write real encryption)."""
    data = bytearray(ooxml_bytes("docx"))
    # Set bit 0 of the general-purpose flags in every local header and central directory entry.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (position := data.find(signature, start)) >= 0:
            data[position + offset] |= 0x01
            start = position + 4
    return bytes(data)


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
