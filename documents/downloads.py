"""The response that hands a stored file to someone already allowed to have it."""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

from .models import DocumentVersion
from .validation import ascii_file_name, safe_file_name

# The file is data to save, never a page: the browser must not sniff it, run it or frame it.
FILE_CSP = "default-src 'none'; sandbox"


def content_disposition(name: str) -> str:
    """attachment; an ASCII filename for old clients and the exact UTF-8 one per RFC 5987 / RFC 6266."""
    name = safe_file_name(name)
    return f"attachment; filename=\"{ascii_file_name(name)}\"; filename*=utf-8''{quote(name, safe='')}"


def file_response(version: DocumentVersion) -> HttpResponse:
    prefix = getattr(settings, "DOCUMENTS_X_ACCEL_REDIRECT_PREFIX", "") or ""
    if prefix:
        # The web server sends the file from its internal location (nginx X-Accel-Redirect); Django only
        # decided that this person may have it.
        response = HttpResponse(b"", content_type=version.content_type)
        response["X-Accel-Redirect"] = quote(f"{prefix.rstrip('/')}/{version.file.name}")
    else:
        try:
            stream = version.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404("The file of this version is missing from the storage.") from error
        response = FileResponse(stream, content_type=version.content_type)
    response["Content-Disposition"] = content_disposition(version.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response
