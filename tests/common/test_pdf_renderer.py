"""The PDF renderer (common/pdf.py) as a whole: what it will not fetch, and what it leaves behind.

A stylesheet or a font that the renderer fetched would show in the PDF: the stylesheet's generated text
(`content:`) in the PDF's text, the font among its embedded fonts. The control renders the same stylesheet and font
inline, to show that the trace is there when they are loaded; the test renders them by reference, from a local file
and from a local HTTP server it starts, and finds no trace, and no request at the server.
"""

import base64
import http.server
import os
import tempfile
import threading
from pathlib import Path

import pytest
from django.conf import settings

from common.pdf import render_pdf
from tests.common.test_pdf import document, pdf_fonts, pdf_text

STYLESHEET = 'p.mark::after { content: " LEAKED-%s" } p.leak { font-family: "Leak %s" }'


def font_bytes() -> bytes:
    """A shipped font: loaded, it is embedded in the PDF under the family name its @font-face gives it."""
    return (Path(settings.BASE_DIR) / "static" / "fonts" / "NotoSans-Regular.ttf").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — the name http.server calls
        self.server.requests.append(self.path)
        body, content_type = self.server.files.get(self.path.split("?")[0], (b"", "text/plain"))
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    """An HTTP server on this machine serving a stylesheet and a font, counting every request it gets."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.files = {
        "/leak.css": ((STYLESHEET % ("HTTP", "HTTP")).encode(), "text/css"),
        "/leak.ttf": (font_bytes(), "font/ttf"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_files(tmp_path):
    """A stylesheet and a font in a local folder, as a file a reference could name (/etc/passwd would be one)."""
    (tmp_path / "leak.css").write_text(STYLESHEET % ("FILE", "FILE"))
    (tmp_path / "leak.ttf").write_bytes(font_bytes())
    return tmp_path


def body(source: str) -> str:
    return f'<p class="mark leak">Compte rendu ({source})</p>'


def test_the_trace_of_a_loaded_stylesheet_and_font_shows_in_the_pdf():
    """The control: loaded (inline here), the stylesheet's text and the font are found in the PDF."""
    data = base64.b64encode(font_bytes()).decode()
    style = f'@font-face {{ font-family: "Leak INLINE"; src: url("data:font/ttf;base64,{data}"); }}' + STYLESHEET % (
        "INLINE",
        "INLINE",
    )
    pdf = render_pdf(html=document(f"<style>{style}</style>" + body("inline")))
    assert "LEAKED-INLINE" in pdf_text(pdf)
    assert "+Leak-INLINE" in pdf_fonts(pdf)


@pytest.mark.parametrize("source", ["file", "http"])
def test_a_stylesheet_or_font_face_from_a_local_file_or_server_leaves_no_trace_and_no_request(
    source, local_files, web_server
):
    if source == "file":
        base = local_files.as_uri()
        token, family = "LEAKED-FILE", "Leak FILE"
    else:
        base = f"http://127.0.0.1:{web_server.server_port}"
        token, family = "LEAKED-HTTP", "Leak HTTP"
    references = (
        f'<link rel="stylesheet" href="{base}/leak.css">'
        f"<style>@import url('{base}/leak.css?import');"
        f' @font-face {{ font-family: "{family}"; src: url("{base}/leak.ttf"); }}'
        f" p.leak {{ font-family: '{family}'; background-image: url('{base}/leak.ttf?image'); }}</style>"
        f'<img src="{base}/leak.ttf?img">'
    )
    if source == "http":  # the same server named without a scheme, as a relative reference would resolve
        references += f'<link rel="stylesheet" href="//127.0.0.1:{web_server.server_port}/leak.css?relative">'
    pdf = render_pdf(html=document(references + body(source)))
    text = pdf_text(pdf)
    assert f"Compte rendu ({source})" in text
    assert token not in text
    fonts = pdf_fonts(pdf)
    assert "Leak" not in fonts
    assert web_server.requests == []


def test_rendering_leaves_the_temporary_folder_as_it_found_it(tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("TMPDIR", str(temporary))
    before = sorted(os.listdir(temporary))
    for number in range(3):
        # document() loads the shipped fonts through @font-face, which WeasyPrint writes to temporary files.
        assert "Compte rendu" in pdf_text(render_pdf(html=document(f"<p>Compte rendu {number}</p>")))
    assert sorted(os.listdir(temporary)) == before == []
