from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.page_cache import visitor_page
from common.parsing import parse_positive_int

from . import permissions, selectors, services
from .forms import NewsItemForm
from .models import Member, NewsItem

NEWS_PER_PAGE = 20


@visitor_page(shows=("members",))
def news_list(request):
    paginator = Paginator(selectors.published_news(), NEWS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "members/news/news_list.html",
        {
            "page": page,
            "unpublished": selectors.unpublished_news_for(user=request.user),
            "can_post": selectors.news_members_for(user=request.user).exists(),
            "can_publish": permissions.can_publish_news(request.user),
        },
    )


def _visible_item(request, pk: int) -> NewsItem:
    item = get_object_or_404(NewsItem.objects.select_related("member__country", "author__person"), pk=pk)
    if not permissions.can_see_news(request.user, item):
        # A draft is not revealed: the same answer as a missing item.
        raise Http404
    return item


@visitor_page(shows=("members",))
def news_detail(request, pk: int):
    item = _visible_item(request, pk)
    return render(
        request,
        "members/news/news_detail.html",
        {
            "item": item,
            "can_edit": permissions.can_edit_news(request.user, item),
            "can_publish": permissions.can_publish_news(request.user),
        },
    )


def news_image(request, pk: int):
    item = _visible_item(request, pk)
    if not item.image:
        raise Http404
    response = FileResponse(item.image.open("rb"), content_type=item.image_content_type or "image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "public, max-age=3600" if item.is_published else "private, no-store"
    return response


def _refuse_other_members(request, members) -> None:
    """Posting for a member one is not the focal point of is a 403, not a form error."""
    member_id = parse_positive_int(request.POST.get("member", ""))
    if member_id and Member.objects.filter(pk=member_id).exists() and not members.filter(pk=member_id).exists():
        raise PermissionDenied


def _save_message(request, item: NewsItem) -> None:
    if item.is_published:
        messages.success(request, _("The news is published."))
    elif item.status == NewsItem.Status.SUBMITTED:
        messages.success(request, _("The news was sent to the coordination, who will publish it."))
    else:
        messages.success(request, _("The draft was saved. Submit it to the coordination when it is ready."))


@login_required
def news_create(request):
    members = selectors.news_members_for(user=request.user)
    if not members.exists():
        raise PermissionDenied
    wanted = request.GET.get("member")
    if wanted and not members.filter(slug=wanted).exists():
        if Member.objects.filter(slug=wanted).exists():
            raise PermissionDenied
        raise Http404
    if request.method == "POST":
        _refuse_other_members(request, members)
        form = NewsItemForm(request.POST, request.FILES, members=members)
        if form.is_valid():
            publish = "publish" in request.POST and permissions.can_publish_news(request.user)
            try:
                item = services.news_create(
                    member=form.cleaned_data["member"],
                    by=request.user,
                    data={field: form.cleaned_data[field] for field in services.NEWS_FIELDS},
                    image=form.cleaned_data["image"] or None,
                    image_content_type=form.image_content_type,
                    submit="submit" in request.POST or publish,
                    themes=form.cleaned_data["themes"],
                )
                if publish:
                    item = services.news_publish(item=item, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _save_message(request, item)
                return redirect(item)
    else:
        initial_member = members.filter(slug=wanted).first() if wanted else None
        form = NewsItemForm(members=members, initial={"member": initial_member} if initial_member else None)
    return render(
        request,
        "members/news/news_form.html",
        {"form": form, "item": None, "can_publish": permissions.can_publish_news(request.user)},
    )


@login_required
def news_edit(request, pk: int):
    item = get_object_or_404(NewsItem.objects.select_related("member"), pk=pk)
    if not permissions.can_edit_news(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        form = NewsItemForm(request.POST, request.FILES, instance=item)
        if form.is_valid():
            publish = "publish" in request.POST and permissions.can_publish_news(request.user)
            try:
                item = services.news_update(
                    item=item,
                    by=request.user,
                    data={field: form.cleaned_data[field] for field in services.NEWS_FIELDS},
                    image=form.cleaned_data["image"] if "image" in request.FILES else None,
                    image_content_type=form.image_content_type,
                    remove_image=form.cleaned_data.get("remove_image", False),
                    submit="submit" in request.POST or publish,
                    themes=form.cleaned_data["themes"],
                )
                if publish:
                    item = services.news_publish(item=item, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _save_message(request, item)
                return redirect(item)
    else:
        # An unbound form shows the item as stored.
        form = NewsItemForm(instance=item)
    return render(
        request,
        "members/news/news_form.html",
        {"form": form, "item": item, "can_publish": permissions.can_publish_news(request.user)},
    )


@login_required
@require_POST
def news_publish(request, pk: int):
    item = get_object_or_404(NewsItem, pk=pk)
    if not permissions.can_publish_news(request.user):
        raise PermissionDenied
    item = services.news_publish(item=item, by=request.user)
    messages.success(request, _("The news is published."))
    return redirect(item)


@login_required
@require_POST
def news_unpublish(request, pk: int):
    item = get_object_or_404(NewsItem, pk=pk)
    if not permissions.can_publish_news(request.user):
        raise PermissionDenied
    item = services.news_unpublish(item=item, by=request.user)
    messages.success(request, _("The news was taken off the site; it waits in the coordination's queue."))
    return redirect(item)
