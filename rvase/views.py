"""The site's own pages: the home page, which reads from the apps, /healthz, and the error pages."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from actionplan import selectors as plan_selectors
from common.cache import cache_reachable
from common.page_cache import ALL_CONTENT, visitor_page
from events.selectors import past_events, upcoming_events
from members.models import Country
from members.selectors import members_for_map

# Members named per country on the home page; the others are counted, with a link to the directory.
HOME_MEMBERS_PER_COUNTRY = 12


@visitor_page(shows=ALL_CONTENT)
def home(request):
    plan = plan_selectors.current_plan()
    # Counted by the database: no action is loaded to be counted.
    status_counts = plan_selectors.plan_status_counts(plan=plan) if plan else plan_selectors.status_counts(actions=[])
    members = list(members_for_map())
    countries = Country.objects.order_by("name")
    next_events = list(upcoming_events(user=request.user)[:4])
    return render(
        request,
        "home.html",
        {
            "members_by_country": [
                (country, of_country[:HOME_MEMBERS_PER_COUNTRY], len(of_country) - HOME_MEMBERS_PER_COUNTRY)
                for country in countries
                for of_country in [[m for m in members if m.country_id == country.pk]]
            ],
            "map_members": members,
            "member_count": len(members),
            "themes": plan_selectors.themes(),
            "next_events": next_events,
            "recent_events": [] if next_events else past_events(user=request.user)[:3],
            "plan": plan,
            "status_counts": status_counts,
            "action_count": sum(count for _status, _label, count in status_counts),
        },
    )


@never_cache
def healthz(request):
    """For the load balancer: one ping to the database and one to the cache, nothing more.

    503 only when the database does not answer: without it nothing works. A cache that does not answer leaves
    the portal working from the database (common/cache.py), so the answer stays 200 with "status": "degraded":
    taking every web process out of the load balancer because the shared Redis is down would turn a slower
    portal into no portal.
    """
    cache = "ok" if cache_reachable() else "unreachable"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 — any failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable", "cache": cache}, status=503)
    return JsonResponse({"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    try:
        template = loader.get_template("500.html")
    except Exception:  # noqa: BLE001 — the error page must never fail itself
        return HttpResponseServerError("<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponse(template.render({"request": request}), status=500)
