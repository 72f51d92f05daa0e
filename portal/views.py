from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from common.page_cache import ALL_CONTENT, reader_page
from members.permissions import can_edit_member, can_post_news

from . import selectors, services


@reader_page(shows=ALL_CONTENT)
@never_cache
@login_required
def me(request):
    """ "Mon espace": the person's member, what they have to do, their events, and what is new since last time.

    Kept for the person's session (common.page_cache) until a row it shows changes, PAGE_CACHE_SECONDS at most; an
    opening served from there records no visit, so "last seen" is at most that plus RECORD_EVERY late, well within
    the hour that separates two visits."""
    since = services.portal_visit_record(user=request.user)
    space = selectors.my_space(user=request.user, since=since)
    members = list(dict.fromkeys([m for m in [space.member, *space.focal_point_of] if m is not None]))
    return render(
        request,
        "portal/me.html",
        {
            "space": space,
            "my_members": [
                {
                    "member": member,
                    "can_edit": member in space.focal_point_of or can_edit_member(request.user, member),
                    "can_post_news": member in space.focal_point_of or can_post_news(request.user, member),
                }
                for member in members
            ],
            "calendar_feed": selectors.calendar_feed_path(user=request.user),
        },
    )
