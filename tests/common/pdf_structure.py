"""What a PDF says about itself, read back with pikepdf (qpdf): tags, language, title, XMP, output intent, fonts.

veraPDF (the reference PDF/A and PDF/UA validator) cannot be installed here: the tests check these parts of the
standards, not full conformance.
"""

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.conf import settings

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"
FONTS_CSS = Path(settings.BASE_DIR) / "templates" / "pdf" / "fonts.css.html"
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


@dataclass
class PDFStructure:
    version: str
    marked: bool
    struct_tree: bool
    struct_elements: int
    lang: str
    title: str
    display_doc_title: bool
    xmp_title: str
    pdfa: tuple[str, str] | None  # (part, conformance)
    pdfua: str | None
    output_intents: list[str]
    fonts: set[str]
    figure_alts: list[str | None] = field(default_factory=list)

    def summary(self) -> str:
        pdfa = f"PDF/A-{self.pdfa[0]}{self.pdfa[1].lower()}" if self.pdfa else "no PDF/A"
        return (
            f"PDF {self.version}, /MarkInfo /Marked {self.marked}, StructTreeRoot {self.struct_tree} "
            f"({self.struct_elements} elements), /Lang {self.lang!r}, /Title {self.title!r}, {pdfa}, "
            f"pdfuaid:part {self.pdfua}, OutputIntents {self.output_intents}, figures' /Alt {self.figure_alts}, "
            f"fonts {sorted(self.fonts)}"
        )


def shipped_families() -> dict[str, list[str]]:
    """The font families that templates/pdf/fonts.css.html declares, each with the files it loads."""
    families: dict[str, list[str]] = {}
    for rule in re.findall(r"@font-face\s*{([^}]*)}", FONTS_CSS.read_text()):
        family = re.search(r'font-family:\s*"([^"]+)"', rule).group(1)
        files = re.findall(r"pdf_static '([^']+)'", rule)
        families.setdefault(family, []).extend(files)
    return families


def embedded_name_is_shipped(name: str, families) -> bool:
    """WeasyPrint embeds a font under its @font-face family, dashed, with a style: "ABCDEF+RVASE-Sans-Bold"."""
    base = name.split("+", 1)[-1]
    return any(
        base == family.replace(" ", "-") or base.startswith(family.replace(" ", "-") + "-") for family in families
    )


def _figures(node, alts, depth=0):
    if depth > 200:
        return 0
    count = 0
    if isinstance(node, pikepdf.Array):
        for child in node:
            count += _figures(child, alts, depth + 1)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        count = 1
        if node.S == "/Figure":
            alts.append(str(node.Alt) if "/Alt" in node else None)
        if "/K" in node:
            count += _figures(node.K, alts, depth + 1)
    return count


def read_structure(pdf: bytes) -> PDFStructure:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        xmp = ET.fromstring(root.Metadata.read_bytes()) if "/Metadata" in root else None
        pdfa = pdfua = None
        xmp_title = ""
        if xmp is not None:
            for description in xmp.iter(f"{RDF}Description"):
                if description.get(f"{PDFAID}part"):
                    pdfa = (description.get(f"{PDFAID}part"), description.get(f"{PDFAID}conformance"))
                pdfua = description.get(f"{PDFUAID}part") or pdfua
            title = xmp.find(f".//{DC}title//{RDF}li")
            xmp_title = title.text if title is not None else ""
        fonts = set()
        for obj in document.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/BaseFont" in obj:
                fonts.add(str(obj.BaseFont).lstrip("/"))
        alts: list[str | None] = []
        elements = _figures(root.StructTreeRoot.get("/K"), alts) if "/StructTreeRoot" in root else 0
        preferences = root.get("/ViewerPreferences", {})
        return PDFStructure(
            version=document.pdf_version,
            marked=bool("/MarkInfo" in root and root.MarkInfo.get("/Marked", False)),
            struct_tree="/StructTreeRoot" in root,
            struct_elements=elements,
            lang=str(root.get("/Lang", "")),
            title=str(document.docinfo.get("/Title", "")),
            display_doc_title=bool(preferences.get("/DisplayDocTitle", False)),
            xmp_title=xmp_title,
            pdfa=pdfa,
            pdfua=pdfua,
            output_intents=[str(intent.S) for intent in root.get("/OutputIntents", [])],
            fonts=fonts,
            figure_alts=alts,
        )


def assert_tagged(structure: PDFStructure, *, lang: str, title: str) -> None:
    """PDF/UA's part that the tests can see: tags, language, title shown, images described, shipped fonts only."""
    assert structure.marked, structure.summary()
    assert structure.struct_tree and structure.struct_elements > 10, structure.summary()
    assert structure.lang == lang, structure.summary()
    assert structure.title == title and structure.xmp_title == title, structure.summary()
    assert structure.display_doc_title, structure.summary()
    assert structure.pdfua == "1", structure.summary()
    assert all(structure.figure_alts), structure.summary()
    families = shipped_families()
    outside = {name for name in structure.fonts if not embedded_name_is_shipped(name, families)}
    assert structure.fonts and not outside, f"fonts outside static/fonts: {outside}"
