import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from common.page_cache import ALL_CONTENT, visitor_page
from members.models import Member

from . import permissions, selectors, services
from .downloads import file_response
from .filters import DocumentFilter
from .forms import DocumentUploadForm, VersionUploadForm
from .models import Document, DocumentVersion
from .search import is_full_text
from .uploads import SizeLimitUploadHandler
from .validation import UploadRejected, max_upload_bytes

PER_PAGE = 25


def _check_can_view(request, document: Document):
    """Visitors are sent to log in; a logged-in person without the right gets 403. Never the file."""
    if permissions.can_view(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@visitor_page(shows=ALL_CONTENT)
def document_list(request):
    user = request.user
    document_filter = DocumentFilter(
        request.GET or None,
        queryset=selectors.document_list(user=user),
        years=selectors.document_years(user=user),
    )
    page = Paginator(document_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "documents/document_list.html",
        {
            "filter": document_filter,
            "page": page,
            "documents": selectors.with_current_versions(page.object_list),
            "query_string": query.urlencode(),
            "can_upload": permissions.can_upload(user),
            "full_text": is_full_text(),
        },
    )


@visitor_page(shows=ALL_CONTENT)
def document_detail(request, pk: int):
    document = selectors.document_for_page(pk=pk)
    if document is None:
        raise Http404
    if (denied := _check_can_view(request, document)) is not None:
        return denied
    return _render_detail(request, document, VersionUploadForm())


def _render_detail(request, document: Document, version_form):
    versions = list(document.versions.all())
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "current": versions[0] if versions else None,
            "themes": list(document.themes.all()),
            "members_concerned": list(document.members_concerned.all()),
            "can_add_version": permissions.can_add_version(request.user, document),
            "is_coordinator": permissions.is_coordinator(request.user),
            "show_uploaders": permissions.is_member_person(request.user),
            "version_form": version_form,
        },
    )


def document_download(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if (denied := _check_can_view(request, document)) is not None:
        return denied
    version = selectors.current_version(document=document)
    if version is None:
        raise Http404
    return file_response(version)


def version_download(request, pk: int, version_id: int):
    document = get_object_or_404(Document, pk=pk)
    if (denied := _check_can_view(request, document)) is not None:
        return denied
    version = get_object_or_404(DocumentVersion, pk=version_id, document=document)
    return file_response(version)


def _limit_upload_size(request) -> SizeLimitUploadHandler:
    """Install the size limit before the body is parsed (hence csrf_exempt outside, csrf_protect inside)."""
    handler = SizeLimitUploadHandler(request, max_bytes=max_upload_bytes())
    request.upload_handlers.insert(0, handler)
    return handler


@csrf_exempt
@login_required
def document_upload(request):
    if not permissions.can_upload(request.user):
        raise PermissionDenied
    handler = _limit_upload_size(request)
    return _document_upload(request, handler)


@csrf_protect
def _document_upload(request, handler: SizeLimitUploadHandler):
    user = request.user
    if request.method == "POST":
        _refuse_tampering(request)
        form = DocumentUploadForm(request.POST, request.FILES, user=user, too_large="file" in handler.oversized)
        if form.is_valid():
            data = {field: form.cleaned_data[field] for field in services.DOCUMENT_FIELDS}
            try:
                document = services.document_create(
                    by=user,
                    data=data,
                    themes=form.cleaned_data["themes"],
                    uploaded_file=form.cleaned_data["file"],
                    detected=form.detected,
                )
            except UploadRejected as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The document “%(title)s” was added.") % {"title": document.title})
                return redirect(document)
        messages.error(request, _("The document was not saved: please correct the errors below."))
    else:
        form = DocumentUploadForm(user=user)
    members = list(permissions.upload_members(user)[:2])
    return render(
        request,
        "documents/document_upload.html",
        {
            "form": form,
            "is_coordinator": permissions.is_coordinator(user),
            "fixed_member": members[0] if len(members) == 1 and not permissions.is_coordinator(user) else None,
            "limit": filesizeformat(max_upload_bytes()),
        },
    )


def _refuse_tampering(request) -> None:
    """A member or a visibility this person was never offered: a forged request, refused outright."""
    member = request.POST.get("member", "")
    if member and not (
        re.fullmatch(r"[0-9]{1,18}", member) and permissions.can_upload_for(request.user, _member_or_none(int(member)))
    ):
        raise PermissionDenied
    visibility = request.POST.get("visibility", "")
    if visibility in Document.Visibility.values and visibility not in permissions.upload_visibilities(request.user):
        raise PermissionDenied


def _member_or_none(pk: int) -> Member | None:
    return Member.objects.filter(pk=pk).first()


@csrf_exempt
@require_POST
def version_upload(request, pk: int):
    document = get_object_or_404(Document, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(document.get_absolute_url())
    if not permissions.can_add_version(request.user, document):
        raise PermissionDenied
    handler = _limit_upload_size(request)
    return _version_upload(request, document, handler)


@csrf_protect
def _version_upload(request, document: Document, handler: SizeLimitUploadHandler):
    form = VersionUploadForm(request.POST, request.FILES, too_large="file" in handler.oversized)
    if form.is_valid():
        try:
            version = services.document_version_add(
                document=document, by=request.user, uploaded_file=form.cleaned_data["file"], detected=form.detected
            )
        except UploadRejected as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("Version %(number)s (“%(name)s”) is now the current file.")
                % {"number": version.number, "name": version.original_name},
            )
            return redirect(document)
    messages.error(request, _("The new version was not saved: please correct the errors below."))
    return _render_detail(request, selectors.document_for_page(pk=document.pk), form)
