"""PDFs rendered by WeasyPrint, with the project's own fonts and nothing fetched from elsewhere.

Modelled on Indico's receipts module: the URL fetcher serves only the project's static files
(fonts, images), so a `file:///etc/passwd` or `http://…` reference typed into minutes is never read.
Rendering runs in a child process that is killed past a time limit.
"""

import mimetypes
import multiprocessing
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


def _render(html: str, connection) -> None:
    try:
        from weasyprint import HTML

        pdf = HTML(string=html, base_url=f"{STATIC_SCHEME}:///", url_fetcher=project_files_fetcher()).write_pdf()
        connection.send(("ok", pdf))
    except Exception as error:  # noqa: BLE001 — reported to the parent as a render error
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def render_pdf(*, html: str, timeout: float | None = None) -> bytes:
    """Render an HTML document to PDF bytes, within `timeout` seconds (PDF_RENDER_TIMEOUT by default)."""
    timeout = timeout or getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_render, args=(html, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise PDFRenderTimeout(f"The PDF took more than {timeout} s to render.")
        status, payload = receiver.recv()
    except EOFError as error:
        raise PDFRenderError("The PDF renderer stopped unexpectedly.") from error
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status != "ok":
        raise PDFRenderError(payload)
    return payload
