from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from actionplan.models import Project
from events.selectors import upcoming_events

from . import permissions, selectors
from .models import Country, FocalPoint, Member


def member_list(request):
    members = list(selectors.member_list())
    countries = Country.objects.order_by("name")
    by_country = [(country, [m for m in members if m.country_id == country.pk]) for country in countries]
    return render(
        request,
        "members/member_list.html",
        {
            "by_country": [(country, items) for country, items in by_country if items],
            "show_contacts": permissions.is_member_person(request.user),
        },
    )


def member_detail(request, slug: str):
    member = get_object_or_404(Member.objects.select_related("country"), slug=slug)
    year = timezone.localdate().year
    context = {
        "member": member,
        "officials": member.people.filter(is_official=True).order_by("full_name"),
        "focal_points": FocalPoint.objects.filter(member=member).select_related("person").order_by("-is_primary"),
        "projects": Project.objects.filter(members=member).select_related("theme").order_by("title"),
        "events": upcoming_events(user=request.user).filter(host_member=member)[:5],
        "show_contacts": permissions.is_member_person(request.user),
        "can_edit": permissions.can_edit_member(request.user, member),
        "standing_year": year,
    }
    if permissions.can_see_standing(request.user, member):
        context["in_good_standing"] = selectors.member_is_in_good_standing(member=member, year=year)
    return render(request, "members/member_detail.html", context)
