from django.core.paginator import Paginator
from django.shortcuts import render

from common.page_cache import ALL_CONTENT, visitor_page

from . import selectors

PER_PAGE = 20
# The overview shows this many results of each kind, with a link to all of them.
OVERVIEW = 5


@visitor_page(shows=ALL_CONTENT)
def results(request):
    """Results grouped by kind (the best few of each), or one kind's results page by page (`kind`, `page`)."""
    text = selectors.normalised(request.GET.get("q", ""))
    kinds = selectors.kinds_for(request.user)
    kind = next((candidate for candidate in kinds if candidate.key == request.GET.get("kind")), None)
    context = {"q": text, "kinds": kinds, "kind": kind, "groups": [], "page": None}
    if text and kind is not None:
        paginator = Paginator(kind.search(user=request.user, text=text), PER_PAGE)
        context["page"] = paginator.get_page(request.GET.get("page"))
    elif text:
        for candidate in kinds:
            found = candidate.search(user=request.user, text=text)
            rows = list(found[:OVERVIEW])
            count = len(rows) if len(rows) < OVERVIEW else found.count()
            if rows:
                context["groups"].append({"kind": candidate, "rows": rows, "count": count})
        context["total"] = sum(group["count"] for group in context["groups"])
    return render(request, "search/results.html", context)
