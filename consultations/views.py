from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.selectors import documents_visible_to
from members.permissions import is_coordinator, is_focal_point_of, is_member_person, member_of

from . import pdfs, selectors, services
from .forms import CompletionForm, ResponseForm
from .models import Consultation, ResponseChange


def _require_member_person(user) -> None:
    if not is_member_person(user):
        raise PermissionDenied


@login_required
def consultation_list(request):
    _require_member_person(request.user)
    member = member_of(request.user)
    consultations = list(selectors.consultations_for(member=member))
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "open": [c for c in consultations if not c.is_closed],
            "closed": [c for c in consultations if c.is_closed],
            "member": member,
        },
    )


@login_required
def consultation_detail(request, pk: int):
    _require_member_person(request.user)
    try:
        consultation = selectors.consultation_detail(pk=pk)
    except Consultation.DoesNotExist as error:
        raise Http404 from error
    member = member_of(request.user)
    now = timezone.now()
    is_open = not consultation.is_closed and consultation.opened_on <= now < consultation.deadline
    reason = services.ineligibility_reason(consultation=consultation, member=member) if member else None
    can_answer = bool(member and not reason and is_open and is_focal_point_of(request.user, member))
    form_class = CompletionForm if consultation.kind == Consultation.Kind.QUESTIONNAIRE else ResponseForm
    own_response = next((r for r in consultation.responses.all() if member and r.member_id == member.pk), None)

    form = None
    if request.method == "POST":
        if not member or request.POST.get("member") != member.slug or not is_focal_point_of(request.user, member):
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.response_submit(
                    consultation=consultation,
                    member=member,
                    by=request.user,
                    answer=form.cleaned_data["answer"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The answer of %(member)s was recorded.") % {"member": member.name})
                return redirect(consultation)
        messages.error(request, _("The answer was not recorded: please correct the errors below."))
    elif can_answer:
        initial = {"member": member.slug}
        if own_response:
            initial.update(answer=own_response.answer, comment=own_response.comment)
        form = form_class(initial=initial)

    tally = consultation.tally if consultation.is_closed else services.consultation_tally(consultation=consultation)
    history = []
    if member:
        history = ResponseChange.objects.filter(consultation=consultation, member=member).select_related("answered_by")
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "documents": documents_visible_to(user=request.user).filter(consultations=consultation),
            "member": member,
            "reason": reason,
            "is_open": is_open,
            "can_answer": can_answer or (form is not None and form.is_bound),
            "form": form,
            "own_response": own_response,
            "history": history,
            "tally": tally,
            "is_coordinator": is_coordinator(request.user),
        },
    )


@login_required
@require_POST
def consultation_close(request, pk: int):
    if not is_coordinator(request.user):
        raise PermissionDenied
    consultation = get_object_or_404(Consultation, pk=pk)
    consultation = services.consultation_close(consultation=consultation)
    messages.success(
        request, _("The round is closed: %(result)s.") % {"result": consultation.get_result_display() or _("closed")}
    )
    return redirect(consultation)


@login_required
def consultation_result_pdf(request, pk: int):
    _require_member_person(request.user)
    consultation = get_object_or_404(
        Consultation.objects.select_related("minutes__event", "roadmap"), pk=pk, closed_at__isnull=False
    )
    # Rendered once per change of what it shows, then streamed (consultations.pdfs).
    stored = pdfs.result_pdf(consultation=consultation, language=request.LANGUAGE_CODE)
    response = FileResponse(stored.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rvase-consultation-{consultation.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
