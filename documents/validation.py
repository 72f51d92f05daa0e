"""What an uploaded file really is, read from its content, never from its name or the browser's word.

Accepted: PDF, the Office Open XML trio (DOCX, XLSX, PPTX), the OpenDocument trio (ODT, ODS, ODP),
PNG and JPEG. Office and OpenDocument files are zip archives: only their directory and two tiny
members are read, never the whole archive, and the sizes the directory declares are bounded so a
"zip bomb" named .docx is refused before anyone unpacks it. Nothing here writes to storage.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = FileType("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = FileType("docx", "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType(
    "pptx", "PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)
)
ODT = FileType("odt", "OpenDocument Text", "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileType("ods", "OpenDocument Spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
ODP = FileType("odp", "OpenDocument Presentation", "application/vnd.oasis.opendocument.presentation", (".odp",))
PNG = FileType("png", "PNG", "image/png", (".png",))
JPEG = FileType("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))

ACCEPTED_TYPES = (PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG)
TYPES_BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in ACCEPTED_TYPES}
# For the file input's `accept` attribute: a hint to the browser's picker, never trusted.
ACCEPT_ATTRIBUTE = ",".join(
    [ext for file_type in ACCEPTED_TYPES for ext in file_type.extensions]
    + [file_type.content_type for file_type in ACCEPTED_TYPES]
)

OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_MIMETYPES = {file_type.content_type.encode(): file_type for file_type in (ODT, ODS, ODP)}

DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ZIP_ENTRIES = 2000
DEFAULT_MAX_IMAGE_PIXELS = 80_000_000

HEAD_BYTES = 8192
PDF_TAIL_BYTES = 8192
SMALL_MEMBER_BYTES = 1024 * 1024  # [Content_Types].xml; "mimetype" is a few dozen bytes
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_STRUCT = struct.Struct("<4s4H2LH")
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, and password-protected Office files

ACCEPTED_LIST = _(
    "Accepted: PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods, .odp), "
    "PNG and JPEG images."
)


class UploadRejected(ValidationError):
    """A file refused by the checks; `message` is meant for the person who uploaded it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_uncompressed_bytes: int
    max_zip_entries: int
    max_image_pixels: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=getattr(settings, "DOCUMENT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
            max_uncompressed_bytes=getattr(settings, "DOCUMENT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES),
            max_zip_entries=getattr(settings, "DOCUMENT_MAX_ZIP_ENTRIES", DEFAULT_MAX_ZIP_ENTRIES),
            max_image_pixels=getattr(settings, "DOCUMENT_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS),
        )


def max_upload_bytes() -> int:
    return Limits.from_settings().max_bytes


def too_large_error(*, size: int | None, limit: int) -> UploadRejected:
    if size is None:
        return UploadRejected(
            _("The file is too large; the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    return UploadRejected(
        _("The file is too large (%(size)s); the limit is %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def validate_upload(file, *, limits: Limits | None = None) -> FileType:
    """Check an uploaded file (a Django File: UploadedFile, ContentFile…) and say what it is.

    The size is checked before a byte is read. Raises UploadRejected with a message for the uploader.
    The file's position is left at its start.
    """
    limits = limits or Limits.from_settings()
    size = file.size
    if not size:
        raise UploadRejected(_("The file is empty."), code="empty")
    if size > limits.max_bytes:
        raise too_large_error(size=size, limit=limits.max_bytes)
    try:
        return detect_file_type(file, size=size, name=getattr(file, "name", "") or "", limits=limits)
    finally:
        file.seek(0)


def detect_file_type(fileobj: IO[bytes], *, size: int, name: str = "", limits: Limits) -> FileType:
    fileobj.seek(0)
    head = fileobj.read(HEAD_BYTES)
    if re.match(rb"%PDF-[12]\.\d", head):
        return _check_pdf(fileobj, size=size)
    if head.startswith(b"PK\x03\x04"):
        return _check_zip(fileobj, size=size, limits=limits)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return _check_image(fileobj, expected=PNG, limits=limits)
    if head.startswith(b"\xff\xd8\xff"):
        return _check_image(fileobj, expected=JPEG, limits=limits)
    if head.startswith(OLE2_SIGNATURE):
        raise UploadRejected(
            _(
                "Older Office files (.doc, .xls, .ppt) and password-protected Office files are not accepted: "
                "save the file as .docx, .xlsx or .pptx without a password, or as PDF."
            ),
            code="legacy_office",
        )
    raise _not_accepted(name)


def _not_accepted(name: str) -> UploadRejected:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    known = {ext.lstrip("."): file_type for file_type in ACCEPTED_TYPES for ext in file_type.extensions}
    if extension in known:
        return UploadRejected(
            _("This file is named .%(extension)s but its content is not a %(type)s file. %(accepted)s"),
            code="mismatch",
            params={"extension": extension, "type": known[extension].label, "accepted": ACCEPTED_LIST},
        )
    return UploadRejected(
        _("This type of file is not accepted (the type is read from the content, not the name). %(accepted)s"),
        code="not_accepted",
        params={"accepted": ACCEPTED_LIST},
    )


def _check_pdf(fileobj: IO[bytes], *, size: int) -> FileType:
    fileobj.seek(max(0, size - PDF_TAIL_BYTES))
    if b"%%EOF" not in fileobj.read(PDF_TAIL_BYTES):
        raise UploadRejected(
            _("This PDF file is incomplete or damaged (its end is missing): export it again and retry."),
            code="damaged",
        )
    fileobj.seek(0)
    active = pdf_active_content(fileobj.read(size))
    if active == "encrypted":
        raise UploadRejected(
            _("This PDF is protected by a password, so it cannot be checked: remove the password and upload it again."),
            code="encrypted",
        )
    if active:
        raise UploadRejected(
            _(
                "This PDF holds %(what)s, which a PDF reader would run: it is refused. Print it to a new "
                "PDF (or export it again without scripts) and upload that."
            ),
            code="pdf_active_content",
            params={"what": PDF_ACTIVE_CONTENT[active]},
        )
    return PDF


# ---- what a PDF would run -----------------------------------------------------------------------------------------
# JavaScript (an action /S /JavaScript, a /JS entry, the document's /JavaScript name tree) and launch actions
# (/S /Launch: open a program or a file). Names are compared decoded ("/J#61vaScript" is "/JavaScript"). Two
# readings, so that neither a damaged cross-reference table nor compression hides anything: the raw file outside
# its streams plus its decompressed object streams, and pypdf's reading of every object it indexes (which also
# decrypts files whose password is empty).

PDF_ACTIVE_CONTENT = {
    "javascript": _("JavaScript"),
    "launch": _("an action that launches a program or a file"),
}
PDF_REFUSED_NAMES = {b"JavaScript": "javascript", b"JS": "javascript", b"Launch": "launch"}
PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+\-]|#[0-9A-Fa-f]{2})+)")
PDF_OBJECT_WITH_STREAM = re.compile(
    rb"\d+\s+\d+\s+obj\b(?P<dictionary>(?:(?!endobj).){0,4096}?)(?<![A-Za-z])stream(?:\r\n|\n|\r)"
    rb"(?P<body>.*?)endstream",
    re.S,
)
PDF_MAX_INFLATED_BYTES = 64 * 1024 * 1024


def _pdf_name(raw: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda match: bytes([int(match.group(1), 16)]), raw)


def _refused_name_in(text: bytes) -> str | None:
    for match in PDF_NAME.finditer(text):
        found = PDF_REFUSED_NAMES.get(_pdf_name(match.group(1)))
        if found:
            return found
    return None


def pdf_active_content(data: bytes) -> str | None:
    """What a PDF would run ("javascript", "launch"), "encrypted" if it cannot be read to tell, or None."""
    outside_streams, object_streams = [], []
    position = 0
    inflated = 0
    for match in PDF_OBJECT_WITH_STREAM.finditer(data):
        outside_streams.append(data[position : match.start("body")])
        position = match.end()
        dictionary = match.group("dictionary")
        if re.search(rb"/Type\s*/ObjStm", dictionary) and b"/FlateDecode" in dictionary:
            try:
                decompressor = zlib.decompressobj()
                content = decompressor.decompress(match.group("body"), PDF_MAX_INFLATED_BYTES - inflated)
            except zlib.error:
                content = b""
            inflated += len(content)
            object_streams.append(content)
    outside_streams.append(data[position:])
    found = _refused_name_in(b"".join(outside_streams)) or _refused_name_in(b"\n".join(object_streams))
    if found:
        return found
    return _pdf_active_content_by_pypdf(data, encrypt_marker=b"/Encrypt" in b"".join(outside_streams))


def _pdf_active_content_by_pypdf(data: bytes, *, encrypt_marker: bool) -> str | None:
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return "encrypted"
        references = [(number, generation) for generation, entries in reader.xref.items() for number in entries]
        references += [(number, 0) for number in reader.xref_objStm]
        objects = [reader.trailer]
        for number, generation in references:
            objects.append(reader.get_object(IndirectObject(number, generation, reader)))
    except Exception:  # noqa: BLE001 — pypdf fails in many ways on damaged or hostile files
        # Unreadable to pypdf (viewers repair such files): the raw reading above stands, unless it is encrypted.
        return "encrypted" if encrypt_marker else None

    def walk(value, depth: int = 0) -> str | None:
        if depth > 64:
            return None
        if isinstance(value, DictionaryObject):
            for key, item in value.items():
                found = PDF_REFUSED_NAMES.get(str(key).lstrip("/").encode())
                if found:
                    return found
                if key == "/S":
                    found = PDF_REFUSED_NAMES.get(str(item).lstrip("/").encode())
                    if found:
                        return found
                if isinstance(item, DictionaryObject | ArrayObject):
                    found = walk(item, depth + 1)
                    if found:
                        return found
        elif isinstance(value, ArrayObject):
            for item in value:
                if isinstance(item, DictionaryObject | ArrayObject):
                    found = walk(item, depth + 1)
                    if found:
                        return found
        return None

    for value in objects:
        found = walk(value)
        if found:
            return found
    return None


def _check_image(fileobj: IO[bytes], *, expected: FileType, limits: Limits) -> FileType:
    from PIL import Image

    damaged = UploadRejected(
        _("This image is damaged or is not a real %(type)s image."), code="damaged", params={"type": expected.label}
    )
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(fileobj)
            image_format, (width, height) = image.format, image.size
            image.verify()  # structure and checksums; pixels are never decoded
    except Image.DecompressionBombError:
        width, height, image_format = limits.max_image_pixels + 1, 1, expected.key.upper()
    except (OSError, SyntaxError, ValueError, struct.error, zlib.error, EOFError) as error:
        raise damaged from error
    if image_format != expected.key.upper():
        raise damaged
    if width * height > limits.max_image_pixels:
        raise UploadRejected(
            _("This image has too many pixels; the limit is %(limit)s megapixels."),
            code="too_many_pixels",
            params={"limit": limits.max_image_pixels // 1_000_000},
        )
    return expected


ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    ValueError,
    KeyError,
    OSError,
    EOFError,
    struct.error,
    zlib.error,
)


def _declared_entry_count(fileobj: IO[bytes], *, size: int) -> int | None:
    """The entry count of the end-of-central-directory record, read before zipfile builds its list."""
    tail_length = min(size, EOCD_STRUCT.size + 0xFFFF)
    fileobj.seek(size - tail_length)
    tail = fileobj.read(tail_length)
    position = tail.rfind(EOCD_SIGNATURE)
    if position < 0 or position + EOCD_STRUCT.size > len(tail):
        return None
    entries = EOCD_STRUCT.unpack_from(tail, position)[4]
    return None if entries == 0xFFFF else entries  # 0xFFFF: a Zip64 count, left to zipfile


def _check_zip(fileobj: IO[bytes], *, size: int, limits: Limits) -> FileType:
    damaged = UploadRejected(
        _("This file looks like an Office or OpenDocument file but it is damaged; save it again and retry."),
        code="damaged",
    )
    too_many = _("This archive holds %(count)s files, more than the %(limit)s allowed: it is refused.")
    declared = _declared_entry_count(fileobj, size=size)
    if declared is not None and declared > limits.max_zip_entries:
        raise UploadRejected(too_many, code="zip_entries", params={"count": declared, "limit": limits.max_zip_entries})
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
            if not entries:
                raise damaged
            if len(entries) > limits.max_zip_entries:
                raise UploadRejected(
                    too_many, code="zip_entries", params={"count": len(entries), "limit": limits.max_zip_entries}
                )
            uncompressed = sum(entry.file_size for entry in entries)
            if uncompressed > limits.max_uncompressed_bytes:
                raise _zip_bomb(uncompressed, limits)
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise UploadRejected(
                    _("This file is password-protected: remove the password and upload it again."),
                    code="encrypted",
                )
            _check_unpacked_sizes(fileobj, entries, size=size, limits=limits, damaged=damaged)
            file_type = _office_type(archive, entries, damaged=damaged)
            _check_external_content(archive, file_type, damaged=damaged)
            return file_type
    except UploadRejected:
        raise
    except ZIP_ERRORS as error:
        raise damaged from error


LOCAL_HEADER = struct.Struct("<4s5H3L2H")
INFLATE_CHUNK = 64 * 1024


def _check_unpacked_sizes(
    fileobj: IO[bytes], entries: list[zipfile.ZipInfo], *, size: int, limits: Limits, damaged: UploadRejected
) -> None:
    """Unpack every member, counting what comes out, and stop past the limit: the directory's sizes are only
    the archive's word, and a member can unpack to far more than it declares (Office would unpack it all)."""
    total = 0
    for entry in entries:
        fileobj.seek(entry.header_offset)
        header = fileobj.read(LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise damaged
        name_length, extra_length = LOCAL_HEADER.unpack(header)[-2:]
        fileobj.seek(entry.header_offset + LOCAL_HEADER.size + name_length + extra_length)
        if entry.compress_type == zipfile.ZIP_STORED:
            unpacked = entry.compress_size
        elif entry.compress_type == zipfile.ZIP_DEFLATED:
            unpacked = _inflated_size(fileobj, limit=limits.max_uncompressed_bytes - total, end=size, damaged=damaged)
        else:
            raise damaged  # Office and OpenDocument files only store or deflate their members
        total += unpacked
        if total > limits.max_uncompressed_bytes:
            raise _zip_bomb(None, limits)
        if unpacked != entry.file_size:
            raise UploadRejected(
                _(
                    "This file's table of contents does not match what it holds (a part unpacks to %(real)s, not "
                    "%(declared)s): it is refused as a possible zip bomb."
                ),
                code="zip_bomb",
                params={"real": filesizeformat(unpacked), "declared": filesizeformat(entry.file_size)},
            )


def _inflated_size(fileobj: IO[bytes], *, limit: int, end: int, damaged: UploadRejected) -> int:
    """How many bytes the deflated data at the file's position unpacks to; limit + 1 once past `limit`."""
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    while not decompressor.eof:
        chunk = decompressor.unconsumed_tail or fileobj.read(min(INFLATE_CHUNK, max(0, end - fileobj.tell())))
        if not chunk:
            raise damaged  # the data ends before the member does
        try:
            produced += len(decompressor.decompress(chunk, INFLATE_CHUNK))
        except zlib.error as error:
            raise damaged from error
        if produced > limit:
            return limit + 1
    return produced


def _zip_bomb(size: int | None, limits: Limits) -> UploadRejected:
    """Refused for unpacking past the limit: to `size` (from the directory), or to more than the limit (read)."""
    limit = filesizeformat(limits.max_uncompressed_bytes)
    if size is None:
        return UploadRejected(
            _(
                "Once unpacked this file would take more than the %(limit)s allowed: "
                "it is refused as a possible zip bomb."
            ),
            code="zip_bomb",
            params={"limit": limit},
        )
    return UploadRejected(
        _(
            "Once unpacked this file would take %(size)s, more than the %(limit)s allowed: "
            "it is refused as a possible zip bomb."
        ),
        code="zip_bomb",
        params={"size": filesizeformat(size), "limit": limit},
    )


# ---- content fetched from elsewhere --------------------------------------------------------------------------------
# An Office file may name parts that live outside it (TargetMode="External" in its relationships): a template on a
# remote server (Word fetches it on opening, which is how several phishing campaigns ran code, and how a file
# sends the reader's Windows credentials elsewhere), a linked image or object, another workbook. Hyperlinks are
# external too, and ordinary: only they are allowed. OpenDocument files link outside through xlink:href on their
# images, objects and sections; hyperlinks (text:a, draw:a) are allowed there too.

OOXML_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OOXML_HYPERLINK_TYPE = "/hyperlink"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ODF_LINK_ELEMENTS = {
    "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}a",
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}a",
}
ODF_XML_PARTS = ("content.xml", "styles.xml", "settings.xml", "meta.xml")
MAX_XML_PART_BYTES = 64 * 1024 * 1024


def _refuse_external() -> UploadRejected:
    return UploadRejected(
        _(
            "This file fetches content from elsewhere when it is opened (a remote template, a linked image or "
            "object): it is refused. Save a copy without links to outside files (or as PDF) and upload that."
        ),
        code="external_content",
    )


def _xml_root(archive: zipfile.ZipFile, name: str, *, damaged: UploadRejected):
    from xml.etree import ElementTree

    entry = archive.NameToInfo[name]
    if entry.file_size > MAX_XML_PART_BYTES:
        raise damaged
    with archive.open(entry) as member:
        data = member.read(MAX_XML_PART_BYTES + 1)
    # Office and OpenDocument parts never declare a DTD: one is refused rather than expanded.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise damaged
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise damaged from error


def _is_outside(target: str) -> bool:
    target = target.strip()
    return (
        bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target))
        or target.startswith(("/", "\\", ".."))
        or ("/../" in target)
    )


def _check_external_content(archive: zipfile.ZipFile, file_type: FileType, *, damaged: UploadRejected) -> None:
    if file_type in (ODT, ODS, ODP):
        for name in ODF_XML_PARTS:
            if name not in archive.NameToInfo:
                continue
            for element in _xml_root(archive, name, damaged=damaged).iter():
                href = element.get(XLINK_HREF)
                if href and element.tag not in ODF_LINK_ELEMENTS and _is_outside(href):
                    raise _refuse_external()
        return
    for name in archive.NameToInfo:
        if not name.endswith(".rels"):
            continue
        for relationship in _xml_root(archive, name, damaged=damaged).iter(OOXML_RELATIONSHIP):
            if relationship.get("TargetMode", "").lower() != "external":
                continue
            if not relationship.get("Type", "").endswith(OOXML_HYPERLINK_TYPE):
                raise _refuse_external()


def _read_small(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    with archive.open(entry) as member:
        return member.read(SMALL_MEMBER_BYTES)


def _office_type(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], *, damaged: UploadRejected) -> FileType:
    first = entries[0]
    if first.filename == "mimetype":
        # OpenDocument: an uncompressed "mimetype" first, so its value sits at a fixed place in the file.
        if first.compress_type != zipfile.ZIP_STORED or first.header_offset != 0 or first.file_size > 128:
            raise damaged
        file_type = ODF_MIMETYPES.get(_read_small(archive, first))
        if file_type is None:
            raise UploadRejected(
                _("This OpenDocument file is not a text, spreadsheet or presentation. %(accepted)s"),
                code="not_accepted",
                params={"accepted": ACCEPTED_LIST},
            )
        if "META-INF/manifest.xml" not in archive.NameToInfo:
            raise damaged
        return file_type
    if "[Content_Types].xml" not in archive.NameToInfo:
        raise _not_accepted_archive()
    content_types = _read_small(archive, archive.NameToInfo["[Content_Types].xml"])
    if b"<Types" not in content_types:
        raise damaged
    names = archive.NameToInfo.keys()
    if b"macroEnabled" in content_types or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UploadRejected(
            _("Office files with macros are not accepted: save it as .docx, .xlsx or .pptx, or as PDF."),
            code="macros",
        )
    for part, file_type in OOXML_MAIN_PARTS.items():
        if part in archive.NameToInfo:
            return file_type
    raise _not_accepted_archive()


def _not_accepted_archive() -> UploadRejected:
    return UploadRejected(
        _("This archive is not a Word, Excel, PowerPoint or OpenDocument file. %(accepted)s"),
        code="not_accepted",
        params={"accepted": ACCEPTED_LIST},
    )


# ---- file names ----------------------------------------------------------------------------------------------------

MAX_NAME_LENGTH = 150
WINDOWS_RESERVED = re.compile(r'[<>:|?*"]')


def safe_file_name(name: str, *, file_type: FileType | None = None) -> str:
    """The name a file is offered under: no directory, no control or bidi characters, the right extension.

    The stored file never uses it (it has a random name); this is only the name shown and sent in
    Content-Disposition. An extension that does not match the content gets the right one appended,
    so a PDF uploaded as "notes.html" is downloaded as "notes.html.pdf".
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if char in "\t\n\r" else char for char in name)
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = WINDOWS_RESERVED.sub(lambda match: "'" if match.group() == '"' else "_", name)
    name = " ".join(name.split()).rstrip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot or " " in extension:
        stem, extension = name, ""
    extension = f".{extension}" if extension else ""
    if file_type is not None and extension.lower() not in file_type.extensions:
        stem, extension = name, file_type.extension
    extension = extension[:20]
    # No leading dot (a hidden file), no trailing dot or space (Windows drops them).
    stem = stem.lstrip(" .")[: max(1, MAX_NAME_LENGTH - len(extension))].rstrip(" .") or "document"
    return f"{stem}{extension}"


def ascii_file_name(name: str) -> str:
    """An ASCII stand-in for old clients that ignore RFC 5987's filename*: "Biên bản Huế.pdf" → "Bien ban Hue.pdf"."""
    name = name.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    ascii_only = ascii_only.encode("ascii", "ignore").decode()
    ascii_only = "".join(char for char in ascii_only if 0x20 <= ord(char) < 0x7F and char not in '"\\')
    stem, dot, extension = " ".join(ascii_only.split()).rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = stem.strip(" .")
    if not stem.strip(" ._-'"):
        stem = "document"
    return f"{stem}.{extension}" if extension else stem
