from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import Document
from .selectors import documents_visible_to, visibilities_for


def document_list(request):
    return render(request, "documents/document_list.html", {"documents": documents_visible_to(user=request.user)})


def document_download(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if document.visibility not in visibilities_for(user=request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    version = document.versions.order_by("-uploaded_at").first()
    if version is None:
        raise Http404
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
