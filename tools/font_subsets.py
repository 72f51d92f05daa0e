"""The web fonts of the site: WOFF2 subsets of the Noto Sans TTFs in static/fonts (which the PDFs keep whole).

    .venv/bin/python tools/font_subsets.py      # rewrites static/fonts/web/*.woff2 and prints their sizes

The interface's face holds Latin (French, English) and Vietnamese; Khmer and Lao are faces of their own that a
browser downloads only when a page holds such text (the `unicode-range` of static/css/site.css, which must list the
same ranges as SUBSETS below). Needs fontTools and brotli (both pinned in requirements.lock).
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
OUT = FONTS / "web"

# Latin with its punctuation, symbols and arrows the interface uses, and Vietnamese (Google Fonts' "latin",
# "latin-ext" letters and "vietnamese" ranges).
LATIN_VIETNAMESE = (
    "U+0000-00FF, U+0100-017F, U+01A0-01A1, U+01AF-01B0, U+0218-021B, U+02BB-02BC, U+02C6, U+02DA, U+02DC, "
    "U+0300-0309, U+0323, U+0329, U+1EA0-1EF9, U+2000-206F, U+20AB, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, "
    "U+FEFF, U+FFFD"
)
KHMER = "U+1780-17FF, U+19E0-19FF, U+200C-200D, U+25CC"
LAO = "U+0E80-0EFF, U+200C-200D, U+25CC"

SUBSETS = [
    ("NotoSans-Regular.ttf", "NotoSans-Regular.latin-vi.woff2", LATIN_VIETNAMESE),
    ("NotoSans-Bold.ttf", "NotoSans-Bold.latin-vi.woff2", LATIN_VIETNAMESE),
    ("NotoSans-Italic.ttf", "NotoSans-Italic.latin-vi.woff2", LATIN_VIETNAMESE),
    ("NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Regular.khmer.woff2", KHMER),
    ("NotoSansKhmer-Bold.ttf", "NotoSansKhmer-Bold.khmer.woff2", KHMER),
    ("NotoSansLao-Regular.ttf", "NotoSansLao-Regular.lao.woff2", LAO),
    ("NotoSansLao-Bold.ttf", "NotoSansLao-Bold.lao.woff2", LAO),
]


def unicodes(ranges: str) -> list[int]:
    points = []
    for part in ranges.split(","):
        part = part.strip().removeprefix("U+")
        first, _, last = part.partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def make(source: str, target: str, ranges: str) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    if ranges != LATIN_VIETNAMESE:
        options.layout_features = ["*"]  # every feature of the shaping Khmer and Lao need
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    font = TTFont(FONTS / source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes(ranges))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(OUT / target)
    return (OUT / target).stat().st_size


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for source, target, ranges in SUBSETS:
        size = make(source, target, ranges)
        print(f"{target:40} {size / 1024:7.1f} KiB  (from {(FONTS / source).stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
