"""How full each page of a PDF is, read back with pdftotext (-bbox-layout): the lowest line of text between the
header and the footer margins, as a share of the page's text area."""

import re
import subprocess
from pathlib import Path

MM = 72 / 25.4


def page_fill(pdf: bytes, tmp_path: Path, *, top_mm: float = 30, bottom_mm: float = 20) -> list[float]:
    path = tmp_path / "fill.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    fills = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        height = float(page.group(2))
        top, bottom = top_mm * MM, height - bottom_mm * MM
        lows = [
            float(y_max)
            for y_min, y_max in re.findall(
                r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', page.group(3)
            )
            if float(y_min) >= top - 1 and float(y_max) <= bottom + 1
        ]
        fills.append(round((max(lows) - top) / (bottom - top), 3) if lows else 0.0)
    return fills
