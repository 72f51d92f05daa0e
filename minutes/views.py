"""Minutes pages, their workflow (circulate, comment, approve) and the members' PDFs (minutes, summary)."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.parsing import parse_positive_int
from documents.downloads import content_disposition
from events.permissions import can_see_event

from . import pdfs, permissions, selectors, services, tasks
from .forms import CommentAnswerForm, MinutesCommentForm
from .models import Minutes, MinutesComment, MinutesVersion, StoredPDF

if TYPE_CHECKING:
    from events.models import Event


def members_only(view):
    """A visitor is sent to the login page; a logged-in person who is not a member's gets a 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.can_read_minutes(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _event(request, slug: str) -> Event:
    event = selectors.event_for_minutes(slug=slug, user=request.user)
    if event is None:
        raise Http404
    return event


def _minutes(event: Event) -> Minutes:
    minutes = selectors.minutes_of(event)
    if minutes is None:
        raise Http404
    return minutes


def _manager_minutes(request, slug: str) -> Minutes:
    if not permissions.can_manage_minutes(request.user):
        raise PermissionDenied
    return _minutes(_event(request, slug))


# ---- pages -------------------------------------------------------------------------------------------------------


@members_only
@require_GET
def minutes_page(request, slug: str):
    event = _event(request, slug)
    minutes = _minutes(event)
    user = request.user
    working = permissions.can_see_working_minutes(user, minutes)
    version = minutes.current_version
    if working:
        content = selectors.minutes_display(selectors.minutes_snapshot(minutes=minutes))
    elif version is not None:
        content = selectors.minutes_display(version.content)
    else:
        content = None
    if content is not None and content["follow_ups"]:
        # Whether an item is done is tracked on the live rows, not frozen with the text.
        done = dict(minutes.follow_ups.values_list("number", "done_on"))
        for row in content["follow_ups"]:
            row["done_on"] = done.get(row["number"])
    manager = permissions.can_manage_minutes(user)
    can_comment = permissions.can_comment_minutes(user, minutes)
    comments = list(selectors.minutes_comments(minutes=minutes)) if working else []
    context = {
        "event": event,
        "minutes": minutes,
        "content": content,
        "show_done": bool(content and content["follow_ups"]),
        "working": working,
        "version": version,
        "versions": selectors.minutes_versions(minutes=minutes),
        "manager": manager,
        "comments": comments,
        "open_comments": sum(1 for comment in comments if comment.status == MinutesComment.Status.OPEN),
        "comment_form": MinutesCommentForm(minutes=minutes) if can_comment else None,
        "answer_form": CommentAnswerForm() if manager else None,
        "changed": manager
        and version is not None
        and selectors.minutes_fingerprint(minutes=minutes) != version.fingerprint,
        "failures": list(selectors.pdf_failures(event=event)) if manager else [],
        "rounds": list(selectors.minutes_submitted_for_validation(minutes=minutes)),
        "summary_available": selectors.summary_available(event=event),
        **selectors.meeting_record(event=event),
    }
    if manager:
        context["recipients"], context["no_address"] = selectors.circulation_recipients(minutes=minutes)
    return render(request, "minutes/minutes.html", context)


@members_only
@require_GET
def minutes_version_page(request, slug: str, number: int):
    event = _event(request, slug)
    minutes = _minutes(event)
    version = selectors.minutes_version(minutes=minutes, number=number)
    if version is None:
        raise Http404
    return render(
        request,
        "minutes/minutes_version.html",
        {
            "event": event,
            "minutes": minutes,
            "version": version,
            "content": selectors.minutes_display(version.content),
            "is_current": version.pk == minutes.current_version_id,
        },
    )


# ---- workflow ----------------------------------------------------------------------------------------------------


@login_required
@require_POST
def minutes_circulate(request, slug: str):
    minutes = _manager_minutes(request, slug)
    try:
        services.minutes_circulate(minutes=minutes, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        recipients, missing = selectors.circulation_recipients(minutes=minutes)
        messages.success(
            request,
            _("The minutes are circulated: %(count)s attendees and focal points receive an e-mail with the link.")
            % {"count": len(recipients)},
        )
        if missing:
            messages.warning(
                request,
                _("No e-mail address is known for: %(names)s. Send them the link yourself.")
                % {"names": ", ".join(missing)},
            )
    return redirect("minutes:detail", slug=slug)


@login_required
@require_POST
def minutes_approve(request, slug: str):
    minutes = _manager_minutes(request, slug)
    confirmed = request.POST.get("confirm") == "without-decisions"
    try:
        version, created = services.minutes_approve(
            minutes=minutes, by=request.user, confirm_without_decisions=confirmed
        )
    except ValidationError as error:
        if error.code == "no_decisions":
            # Asked, not refused: minutes may record a meeting that decided nothing.
            return render(request, "minutes/minutes_confirm_approve.html", {"event": minutes.event, "minutes": minutes})
        messages.error(request, " ".join(error.messages))
        return redirect("minutes:detail", slug=slug)
    if created:
        messages.success(
            request,
            _("Version %(number)s is approved. Its PDF is being prepared and filed in the document archive.")
            % {"number": version.number},
        )
    else:
        messages.success(
            request,
            _("Nothing changed since version %(number)s: it stays the approved version.") % {"number": version.number},
        )
    return redirect("minutes:detail", slug=slug)


@members_only
@require_POST
def minutes_comment(request, slug: str):
    event = _event(request, slug)
    minutes = _minutes(event)
    if not permissions.can_comment_minutes(request.user, minutes):
        raise PermissionDenied
    form = MinutesCommentForm(request.POST, minutes=minutes)
    if form.is_valid():
        try:
            comment = services.minutes_comment_add(
                minutes=minutes,
                by=request.user,
                kind=form.cleaned_data["kind"],
                decision=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                proposed_text=form.cleaned_data["proposed_text"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the coordination has received your message."))
            return redirect(f"{minutes.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "minutes/minutes_comment_form.html",
        {"event": event, "minutes": minutes, "comment_form": form},
        status=400,
    )


@login_required
@require_POST
def minutes_comment_answer(request, slug: str, pk: int):
    minutes = _manager_minutes(request, slug)
    comment = get_object_or_404(MinutesComment, pk=pk, minutes=minutes)
    form = CommentAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the comment is answered."))
    else:
        try:
            services.minutes_comment_answer(
                comment=comment, by=request.user, status=form.cleaned_data["status"], answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The comment is answered."))
    return redirect(f"{minutes.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def minutes_version_render(request, slug: str, number: int):
    """The coordination asks for a version's PDFs again (after a failure, or a change of layout)."""
    minutes = _manager_minutes(request, slug)
    version = selectors.minutes_version(minutes=minutes, number=number)
    if version is None:
        raise Http404
    tasks.render_minutes_version.delay(version_id=version.pk, force=True)
    messages.success(
        request,
        _(
            "The PDFs of version %(number)s are being rendered again: "
            "the current ones stay until the new ones are ready."
        )
        % {"number": version.number},
    )
    return redirect("minutes:detail", slug=slug)


# ---- PDFs --------------------------------------------------------------------------------------------------------


def _pdf_response(stored: StoredPDF, filename: str):
    try:
        stream = stored.file.open("rb")
    except OSError as error:
        raise Http404("The stored PDF is missing.") from error
    response = FileResponse(stream, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def _unavailable(request, event: Event, what: str):
    return render(request, "minutes/pdf_unavailable.html", {"event": event, "what": what}, status=503)


def _version_number(request, number: int | None) -> int | None:
    if number is not None:
        return number
    value = request.GET.get("version")
    if value is None:
        return None
    number = parse_positive_int(value, maximum=9_999)
    if number is None:
        raise Http404
    return number


@members_only
@require_GET
def minutes_pdf(request, slug: str, number: int | None = None):
    """The approved minutes as a PDF: the current version, or version N (?version=N or /minutes/N.pdf)."""
    number = _version_number(request, number)
    language = pdfs.pdf_language(request.LANGUAGE_CODE)
    # Most downloads: the stored file is found in the cache (or by one query) and streamed.
    stored = pdfs.downloadable_minutes_pdf(slug=slug, language=language, number=number)
    if stored is not None and can_see_event(request.user, stored.event):
        return _pdf_response(stored, _minutes_file_name(stored.event, stored.version))
    event = _event(request, slug)
    minutes = _minutes(event)
    versions = MinutesVersion.objects.select_related("minutes__event")
    if number is None:
        version = versions.filter(pk=minutes.current_version_id).first() if minutes.current_version_id else None
    else:
        version = versions.filter(minutes=minutes, number=number).first()
    if version is None:
        raise Http404
    try:
        stored = pdfs.minutes_pdf(version=version, language=language)
    except pdfs.PDFUnavailable:
        # The current version's PDF cannot be made now: the one of the version before stays available.
        stored = pdfs.previous_minutes_pdf(version=version, language=language) if number is None else None
        if stored is None:
            return _unavailable(request, event, _("the minutes"))
        version = stored.version
    return _pdf_response(stored, _minutes_file_name(event, version))


def _minutes_file_name(event: Event, version: MinutesVersion) -> str:
    return f"{event.slug}-{slugify(_('minutes')) or 'minutes'}-v{version.number}.pdf"


@members_only
@require_GET
def summary_pdf(request, slug: str):
    event = _event(request, slug)
    if not selectors.summary_available(event=event):
        raise Http404
    language = pdfs.pdf_language(request.LANGUAGE_CODE)
    try:
        stored = pdfs.summary_pdf(event=event, language=language)
    except pdfs.PDFUnavailable:
        return _unavailable(request, event, _("the summary"))
    name = slugify(_("summary")) or "summary"
    return _pdf_response(stored, f"{event.slug}-{name}.pdf")
