"""PDFs rendered by WeasyPrint, with the project's own fonts and nothing fetched from elsewhere.

Modelled on Indico's receipts module: the URL fetcher serves only the project's static files
(fonts, images), so a `file:///etc/passwd` or `http://…` reference typed into minutes is never read.
Rendering runs in a child process that is killed past a time limit and leaves nothing behind in the temporary folder;
a process renders at most PDF_MAX_CONCURRENT_RENDERS PDFs at a time: a request that finds every slot taken for
PDF_RENDER_QUEUE_SECONDS gets PDFRenderBusy (a 503 asking to retry, common.middleware), instead of one more renderer
eating the CPU that every other page needs. Views keep what they render (stored once per change, as the minutes and
the consultations' records are), so a reader's repeated downloads never render again.
"""

import contextlib
import mimetypes
import os
import pickle
import select
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_SCHEME = "rvase-static"
DEFAULT_TIMEOUT_SECONDS = 60


class PDFRenderError(Exception):
    pass


class PDFRenderTimeout(PDFRenderError):
    pass


class PDFRenderBusy(Exception):  # noqa: N818 — "busy" says it: not a failed rendering, one not started
    """Every rendering slot of this process stayed taken: nothing was rendered, try again in a moment."""


_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def render_slots() -> threading.BoundedSemaphore:
    """This process's rendering slots (PDF_MAX_CONCURRENT_RENDERS), made at first use."""
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, getattr(settings, "PDF_MAX_CONCURRENT_RENDERS", 1)))
        return _slots


def static_url(path: str) -> str:
    """The address under which templates of PDFs name a static file (fonts, logo)."""
    return f"{STATIC_SCHEME}:///{path.lstrip('/')}"


def _static_file(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme == STATIC_SCHEME:
        relative = unquote(parsed.path).lstrip("/")
    elif (
        parsed.scheme in ("", "http", "https")
        and unquote(parsed.path).startswith(settings.STATIC_URL)
        and (not parsed.netloc)
    ):
        relative = unquote(parsed.path)[len(settings.STATIC_URL) :]
    else:
        return None
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if found else None


def fetch_project_file(url: str) -> tuple[bytes, str]:
    """The bytes and name of a static file a PDF asks for; ValueError for anything else."""
    path = _static_file(url)
    if path is None:
        raise ValueError(f"Refused to fetch {url[:200]!r}: only the project's static files are available to PDFs.")
    return path.read_bytes(), path.name


def project_files_fetcher():
    """A WeasyPrint URL fetcher that serves the project's static files and data: URIs, and nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body, name = fetch_project_file(url)
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return ProjectFilesFetcher(allowed_protocols={"data", STATIC_SCHEME}, allow_redirects=False)


# Every PDF is tagged for assistive technology (PDF/UA-1: a structure tree, the document's language and title, alt
# text for images); an archival one (the approved minutes) is PDF/A-3b and keeps the same tags. WeasyPrint makes one
# variant at a time: PDF/A-3b with `pdf_tags`, and the PDF/UA identification added to the same XMP description.
ACCESSIBLE_VARIANT = "pdf/ua-1"
# Part of the fingerprint of every stored PDF: changing how PDFs are made renders the stored ones again.
RENDERING_PROFILE = "pdf/ua-1; approved minutes pdf/a-3b; symbol fonts shipped"
ARCHIVAL_VARIANT = "pdf/a-3b"
PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"
RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _declare_pdfua(metadata) -> None:
    """Add `pdfuaid:part="1"` to the identification WeasyPrint writes for PDF/A (the first rdf:Description)."""
    from xml.etree.ElementTree import fromstring, tostring

    generate = metadata.generate_rdf_metadata

    def generate_with_pdfua(variant, version, conformance):
        rdf = fromstring(generate(variant, version, conformance))
        rdf.find(f"{{{RDF_NAMESPACE}}}Description").set(f"{{{PDFUA_NAMESPACE}}}part", "1")
        return tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = generate_with_pdfua


def _render_bytes(html: str, *, archival: bool = False) -> bytes:
    from weasyprint import HTML

    options = {"pdf_variant": ARCHIVAL_VARIANT if archival else ACCESSIBLE_VARIANT, "pdf_tags": True}
    page = HTML(string=html, base_url=f"{STATIC_SCHEME}:///", url_fetcher=project_files_fetcher())
    document = page.render(**options)
    if archival:
        _declare_pdfua(document.metadata)
    return document.write_pdf(**options)


def render_pdf(*, html: str, archival: bool = False, timeout: float | None = None) -> bytes:
    """Render an HTML document to PDF bytes, within `timeout` seconds (PDF_RENDER_TIMEOUT by default).

    Tagged (PDF/UA-1) always; `archival` makes it PDF/A-3b as well (XMP identification, sRGB output intent).
    The rendering runs in a forked child so that it can be killed at the limit. A plain fork, not
    multiprocessing: Celery's prefork workers are daemonic and multiprocessing refuses them children.
    """
    timeout = timeout or getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)
    slots = render_slots()
    if not slots.acquire(timeout=getattr(settings, "PDF_RENDER_QUEUE_SECONDS", 10)):
        raise PDFRenderBusy("Every PDF rendering slot of this process is taken.")
    try:
        return _render_in_child(html, archival=archival, timeout=timeout)
    finally:
        slots.release()


def _render_in_child(html: str, *, archival: bool, timeout: float) -> bytes:
    # The child leaves without cleaning up (os._exit), and may be killed: what WeasyPrint writes to temporary files
    # (the fonts of @font-face, some 2 MB a render) goes into a folder of this render's own, removed by the parent.
    workdir = tempfile.mkdtemp(prefix="rvase-pdf-")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, hand the result over, leave without running the parent's clean-up
        os.close(read_fd)
        tempfile.tempdir = workdir
        try:
            result = ("ok", _render_bytes(html, archival=archival))
        except BaseException as error:  # noqa: BLE001 — reported to the parent as a render error
            result = ("error", f"{type(error).__name__}: {error}")
        try:
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(result, pipe)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            ready, _, _ = select.select([pipe], [], [], timeout)
            if not ready:
                raise PDFRenderTimeout(f"The PDF took more than {timeout} s to render.")
            try:
                status, payload = pickle.load(pipe)
            except EOFError as error:
                raise PDFRenderError("The PDF renderer stopped unexpectedly.") from error
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        shutil.rmtree(workdir, ignore_errors=True)
    if status != "ok":
        raise PDFRenderError(payload)
    return payload
