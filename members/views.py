from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from actionplan.models import Project
from common.page_cache import ALL_CONTENT, visitor_page
from common.pdf import render_pdf
from documents.selectors import documents_of_member, documents_visible_to
from events.selectors import upcoming_events

from . import permissions, selectors, services
from .filters import MemberFilter
from .forms import MemberPageForm, OfficialFormSet
from .models import DuesPayment, FocalPoint, Member, MemberRevision

MEMBERS_PER_PAGE = 24


@visitor_page(shows=("members",))
@require_GET
def member_suggest(request):
    """Members whose name holds ?q= (two letters at least), as JSON: the documents' filter suggests them."""
    return JsonResponse({"results": selectors.member_suggestions(text=request.GET.get("q", "")[:100])})


@visitor_page(shows=("members", "actionplan"))
def member_list(request):
    member_filter = MemberFilter(request.GET or None, queryset=selectors.member_list())
    page = Paginator(member_filter.qs, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    members = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    countries = {}
    for member in members:
        countries.setdefault(member.country, []).append(member)
    return render(
        request,
        "members/member_list.html",
        {
            "filter": member_filter,
            "by_country": list(countries.items()),
            "count": page.paginator.count,
            "page": page,
            "query_string": query.urlencode(),
            # The map shows the members the list shows.
            "map_members": members,
            "show_contacts": permissions.is_member_person(request.user),
        },
    )


@visitor_page(shows=ALL_CONTENT)
def member_detail(request, slug: str):
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    year = timezone.localdate().year
    context = {
        "member": member,
        "officials": member.people.filter(is_official=True).order_by("pk"),
        "focal_points": FocalPoint.objects.filter(member=member).select_related("person").order_by("-is_primary"),
        "projects": Project.objects.filter(members=member).select_related("theme").order_by("title"),
        "themes": selectors.member_themes(member=member),
        "events": upcoming_events(user=request.user).filter(host_member=member)[:5],
        # Its own documents and the network's that concern it (a meeting it took part in, a plan it carries).
        "documents": documents_of_member(documents_visible_to(user=request.user), members=[member])[:10],
        "news": selectors.published_news().filter(member=member)[:5],
        "show_contacts": permissions.is_member_person(request.user),
        "can_edit": permissions.can_edit_member(request.user, member),
        "is_coordinator": permissions.is_coordinator(request.user),
        "standing_year": year,
    }
    # Whoever may edit the page (its focal point, the coordinator) may post its news.
    context["can_post_news"] = context["can_edit"]
    if permissions.can_see_standing(request.user, member):
        context["dues"] = selectors.member_dues(member=member, year=year)
        context["dues_history"] = selectors.dues_history(member=member)
    return render(request, "members/member_detail.html", context)


def member_logo(request, slug: str):
    member = get_object_or_404(Member, slug=slug)
    if not member.logo:
        raise Http404
    response = FileResponse(member.logo.open("rb"), content_type=member.logo_content_type or "image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
def member_edit(request, slug: str):
    member = get_object_or_404(Member, slug=slug)
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied
    officials = list(member.people.filter(is_official=True).order_by("pk"))
    initial_officials = [
        {"id": p.pk, "honorific": p.honorific_fr or "", "full_name": p.full_name, "title": p.title_fr or ""}
        for p in officials
    ]
    if request.method == "POST":
        if request.POST.get("member") != member.slug:
            raise PermissionDenied
        form = MemberPageForm(request.POST, request.FILES, instance=member)
        formset = OfficialFormSet(request.POST, initial=initial_officials, prefix="officials")
        if form.is_valid() and formset.is_valid():
            rows = [row for row in formset.cleaned_data if row]
            try:
                revision = services.member_page_update(
                    member=member,
                    by=request.user,
                    data={field: form.cleaned_data[field] for field in services.PAGE_FIELDS},
                    logo=form.cleaned_data["logo"] if "logo" in request.FILES else None,
                    logo_content_type=form.logo_content_type,
                    remove_logo=form.cleaned_data["remove_logo"],
                    officials=rows,
                )
            except PermissionError as error:
                raise PermissionDenied from error
            if revision is None:
                messages.info(request, _("Nothing was changed."))
            else:
                messages.success(request, _("The page of %(member)s was updated.") % {"member": member.name})
            return redirect(member)
        messages.error(request, _("The page was not saved: please correct the errors below."))
    else:
        form = MemberPageForm(instance=member)
        formset = OfficialFormSet(initial=initial_officials, prefix="officials")
    return render(
        request,
        "members/member_edit.html",
        {
            "member": member,
            "form": form,
            "formset": formset,
        },
    )


@login_required
def member_history(request, slug: str):
    member = get_object_or_404(Member, slug=slug)
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied
    revisions = list(MemberRevision.objects.filter(member=member).select_related("author", "restored_from"))
    return render(
        request,
        "members/member_history.html",
        {"member": member, "revisions": selectors.member_history_rows(member=member, revisions=revisions)},
    )


@login_required
@require_POST
def member_restore(request, slug: str, revision_id: int):
    member = get_object_or_404(Member, slug=slug)
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied
    revision = get_object_or_404(MemberRevision, pk=revision_id, member=member)
    if services.member_page_restore(revision=revision, by=request.user) is None:
        messages.info(request, _("The page is already as it was in that version."))
    else:
        date = formats.date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        messages.success(request, _("The page was restored to the version of %(date)s.") % {"date": date})
    return redirect("members:history", slug=member.slug)


@login_required
def dues_receipt(request, slug: str, pk: int):
    """The receipt of one dues payment, as a PDF: for the coordination and the member's own people."""
    payment = get_object_or_404(
        DuesPayment.objects.select_related("record__member__country"), pk=pk, record__member__slug=slug
    )
    member = payment.record.member
    if not permissions.can_see_standing(request.user, member):
        raise PermissionDenied
    record = payment.record
    paid_until = record.payments.filter(pk__lte=payment.pk).aggregate(total=Sum("amount"))["total"]
    line = selectors.member_dues(member=member, year=record.year)
    balance_after = Decimal("0") if line.due is None or record.exempt else max(line.due - paid_until, Decimal("0"))
    html = render_to_string(
        "members/pdf/dues_receipt.html",
        {
            "payment": payment,
            "member": member,
            "line": line,
            "paid_until": paid_until,
            "balance_after": balance_after,
            "issued_on": timezone.localdate(),
            "language": translation.get_language(),
        },
    )
    response = HttpResponse(render_pdf(html=html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rvase-receipt-{payment.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def confirm_focal_point(request, token: str):
    try:
        focal_point = services.focal_point_from_token(token=token)
    except signing.SignatureExpired:
        return render(request, "members/focal_point_confirm.html", {"expired": True}, status=410)
    except (signing.BadSignature, ValueError, FocalPoint.DoesNotExist):
        return render(request, "members/focal_point_confirm.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.focal_point_confirm(focal_point=focal_point)
        return render(request, "members/focal_point_confirm.html", {"focal_point": focal_point, "done": True})
    return render(request, "members/focal_point_confirm.html", {"focal_point": focal_point})
