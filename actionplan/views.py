from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.page_cache import ALL_CONTENT, visitor_page
from common.pdf import PDFRenderError
from documents.selectors import documents_visible_to
from events.selectors import past_events, upcoming_events
from members.permissions import is_member_person
from members.selectors import published_news

from . import pdfs, permissions, selectors, services
from .filters import ActionFilter, PartnerFilter, ProjectFilter
from .forms import ProgressNoteForm, ProgressReviewForm
from .models import Action, ProgressUpdate, Project, Theme

if TYPE_CHECKING:
    from members.models import Member

# A theme's page lists at most this many events, documents and news items, each with a link to all of them.
THEME_LIST_LIMIT = 5
THEME_PAST_EVENTS = 3


def _themes() -> list[Theme]:
    return list(selectors.themes())


def _members() -> list[Member]:
    return list(selectors.members_by_name())


def _nav(request, current: str) -> dict:
    """The plan pages' sub-navigation: which entry is current, and the entries this reader may open."""
    return {
        "subnav": current,
        "nav_partners": permissions.can_see_partners(request.user),
        "nav_review": permissions.can_review_progress(request.user),
    }


def _require_login(request):
    """Visitors are sent to the login page, and come back here afterwards."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


# ---- the plan ------------------------------------------------------------------------------------------------


ACTIONS_PER_PAGE = 20


@visitor_page(shows=("actionplan", "members"))
def plan_detail(request, year: int | None = None):
    plans = selectors.all_plans()
    if year is None:
        plan = plans[0] if plans else None
    else:
        plan = next((candidate for candidate in plans if candidate.year == year), None)
    if plan is None:
        raise Http404
    axes = selectors.axes_of(plan=plan)
    filterset = ActionFilter(
        request.GET or None,
        queryset=selectors.plan_actions(plan=plan),
        axes=axes,
        themes=_themes(),
    )
    filtered = filterset.is_bound and filterset.is_active
    # A page of actions; the counts are the whole plan's, from the database.
    by_axis_counts = selectors.status_counts_by_axis(plan=plan)
    paginator = Paginator(filterset.qs, ACTIONS_PER_PAGE)
    if not filtered:
        # The whole plan: its size is the sum of the counts, no other count needed.
        paginator.count = sum(count for counts in by_axis_counts.values() for _status, _label, count in counts)
    page = paginator.get_page(request.GET.get("page"))
    actions = list(page.object_list)
    overall = [
        (value, label, sum(counts[index][2] for counts in by_axis_counts.values()))
        for index, (value, label) in enumerate(Action.Status.choices)
    ]
    empty_counts = [(value, label, 0) for value, label in Action.Status.choices]
    groups = []
    for axis in axes:
        axis_actions = [action for action in actions if action.axis_id == axis.pk]
        if axis_actions or (not filtered and not page.has_other_pages()):
            groups.append((axis, axis_actions, by_axis_counts.get(axis.pk, empty_counts)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actionplan/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "axes_overview": [(axis, by_axis_counts.get(axis.pk, empty_counts)) for axis in axes],
            "status_counts": overall,
            "total": sum(count for _, _, count in overall),
            "shown": page.paginator.count,
            "page": page,
            "query_string": query.urlencode(),
            "filter": filterset,
            "filtered": filtered,
            "other_plans": [other for other in plans if other.pk != plan.pk],
            **_nav(request, "plan"),
        },
    )


def _action_or_404(year: int, number: int) -> Action:
    action = selectors.action_for_page(year=year, number=number)
    if action is None:
        raise Http404
    return action


def _progress(request, target: Action | Project, form: ProgressNoteForm | None) -> dict:
    """The progress-note form of an action's or a project's page (for those who may post one), and the review."""
    user = request.user
    if user.is_authenticated and permissions.can_post_progress(user, target):
        form = form or ProgressNoteForm(status_choices=type(target).Status.choices, current_status=target.status)
    else:
        form = None
    return {"form": form, "can_review": permissions.can_review_progress(user)}


def _post_progress(request, target: Action | Project, render_page):
    """A progress note on the action or project named by the URL, and only that one: nothing in the form chooses it."""
    if not permissions.can_post_progress(request.user, target):
        raise PermissionDenied
    form = ProgressNoteForm(request.POST, status_choices=type(target).Status.choices, current_status=target.status)
    if not form.is_valid():
        return render_page(request, target, form=form, status=400)
    update = services.progress_note_post(target=target, author=request.user, **form.cleaned_data)
    messages.success(request, _success_message(update))
    return redirect(f"{target.get_absolute_url()}#history")


def _render_action(request, action: Action, form: ProgressNoteForm | None = None, status: int = 200):
    member_view = is_member_person(request.user)
    return render(
        request,
        "actionplan/action_detail.html",
        {
            "action": action,
            "history": selectors.action_history(action=action),
            **_progress(request, action, form),
            "show_partners": member_view,
            "partners": selectors.partners_of(action=action) if member_view else [],
            "decisions": (
                action.decisions.select_related("minutes__event").order_by("minutes", "section", "number")
                if member_view
                else []
            ),
            "carried_over_to": list(action.carried_over_to.all()),
            **_nav(request, "plan"),
        },
        status=status,
    )


@visitor_page(shows=ALL_CONTENT)
def action_detail(request, year: int, number: int):
    return _render_action(request, _action_or_404(year, number))


@require_POST
def action_progress(request, year: int, number: int):
    if response := _require_login(request):
        return response
    return _post_progress(request, _action_or_404(year, number), _render_action)


def _success_message(update: ProgressUpdate) -> str:
    if update.is_pending:
        return _("Your progress note is published. The coordinator has been told of the status you propose.")
    if update.is_accepted:
        return _("Progress note published; the status is now “%(status)s”.") % {"status": update.applied_status_label}
    return _("Your progress note is published.")


# ---- roadmap, themes, projects ---------------------------------------------------------------------------------


@visitor_page(shows=("actionplan", "members"))
def roadmap(request):
    roadmaps = selectors.roadmaps()
    years = sorted(
        {year for item in roadmaps for year in range(item.start_year, item.end_year + 1)}
        | {milestone.year for item in roadmaps for milestone in item.milestones.all() if milestone.year}
    )
    if years:
        years = list(range(years[0], years[-1] + 1))
    rows = []
    for item in roadmaps:
        milestones = list(item.milestones.all())
        cells = [
            (
                year,
                item.start_year <= year <= item.end_year,
                year == item.start_year,
                year == item.end_year,
                [milestone for milestone in milestones if milestone.year == year],
            )
            for year in years
        ]
        # Milestones the source gives no year are listed with their roadmap, undated, never put in a year.
        item.undated_milestones = [milestone for milestone in milestones if not milestone.year]
        rows.append((item, cells))
    return render(request, "actionplan/roadmap.html", {"rows": rows, "years": years, **_nav(request, "roadmap")})


@visitor_page(shows=ALL_CONTENT)
def theme_list(request):
    themes = selectors.themes_with_projects()
    members = selectors.members_by_theme(themes=themes)
    return render(
        request,
        "actionplan/theme_list.html",
        {
            "main": [(theme, members.get(theme.pk, [])) for theme in themes if theme.kind == Theme.Kind.MAIN],
            "transversal": [
                (theme, members.get(theme.pk, [])) for theme in themes if theme.kind == Theme.Kind.TRANSVERSAL
            ],
            **_nav(request, "themes"),
        },
    )


@visitor_page(shows=ALL_CONTENT)
def theme_detail(request, slug: str):
    theme = selectors.theme_for_page(slug=slug)
    if theme is None:
        raise Http404
    plan = selectors.current_plan()
    # What the reader may see of the theme elsewhere, through each app's own selectors (public items for visitors).
    upcoming = upcoming_events(user=request.user).filter(themes=theme).order_by("starts_at", "year")
    past = past_events(user=request.user).filter(themes=theme)
    return render(
        request,
        "actionplan/theme_detail.html",
        {
            "theme": theme,
            "members": selectors.members_by_theme(themes=[theme]).get(theme.pk, []),
            "plan": plan,
            "actions": selectors.theme_actions(theme=theme, plan=plan),
            "upcoming_events": list(upcoming[:THEME_LIST_LIMIT]),
            "past_events": list(past[:THEME_PAST_EVENTS]),
            "documents": list(documents_visible_to(user=request.user).filter(themes=theme)[:THEME_LIST_LIMIT]),
            "news": list(published_news().filter(themes=theme)[:THEME_LIST_LIMIT]),
            **_nav(request, "themes"),
        },
    )


@visitor_page(shows=("actionplan", "members"))
def project_list(request):
    filterset = ProjectFilter(
        request.GET or None, queryset=selectors.project_list(), themes=_themes(), members=_members()
    )
    projects = list(filterset.qs)
    return render(
        request,
        "actionplan/project_list.html",
        {
            "filter": filterset,
            "projects": projects,
            "filtered": filterset.is_bound and filterset.is_active,
            **_nav(request, "projects"),
        },
    )


def _project_or_404(slug: str) -> Project:
    project = selectors.project_for_page(slug=slug)
    if project is None:
        raise Http404
    return project


def _render_project(request, project: Project, form: ProgressNoteForm | None = None, status: int = 200):
    return render(
        request,
        "actionplan/project_detail.html",
        {
            "project": project,
            "history": selectors.project_history(project=project),
            **_progress(request, project, form),
            **_nav(request, "projects"),
        },
        status=status,
    )


@visitor_page(shows=ALL_CONTENT)
def project_detail(request, slug: str):
    return _render_project(request, _project_or_404(slug))


@require_POST
def project_progress(request, slug: str):
    if response := _require_login(request):
        return response
    return _post_progress(request, _project_or_404(slug), _render_project)


# ---- partners (members and the coordinator) ----------------------------------------------------------------------


def partner_list(request):
    if response := _require_login(request):
        return response
    if not permissions.can_see_partners(request.user):
        raise PermissionDenied
    filterset = PartnerFilter(request.GET or None, queryset=selectors.partner_list())
    return render(
        request,
        "actionplan/partner_list.html",
        {
            "filter": filterset,
            "partners": list(filterset.qs),
            "filtered": filterset.is_bound and filterset.is_active,
            **_nav(request, "partners"),
        },
    )


# ---- the coordinator's review of proposed statuses -----------------------------------------------------------------


def progress_pending(request):
    if response := _require_login(request):
        return response
    if not permissions.can_review_progress(request.user):
        raise PermissionDenied
    return render(
        request,
        "actionplan/progress_pending.html",
        {"updates": selectors.pending_progress_updates(), **_nav(request, "review")},
    )


def progress_review(request, pk: int):
    if response := _require_login(request):
        return response
    if not permissions.can_review_progress(request.user):
        raise PermissionDenied
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("action__plan", "project", "author__person__member", "reviewed_by"),
        pk=pk,
    )
    form = ProgressReviewForm(request.POST or None, update=update)
    if request.method == "POST" and update.is_pending and form.is_valid():
        decline = form.cleaned_data["decision"] == ProgressReviewForm.DECLINE
        try:
            update = services.progress_note_review(
                update=update, by=request.user, status=None if decline else form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if decline:
                messages.success(request, _("The proposed status was declined; the note stays in the history."))
            else:
                messages.success(request, _("Status applied: “%(status)s”.") % {"status": update.applied_status_label})
            return redirect("actionplan:progress-pending")
    return render(
        request,
        "actionplan/progress_review.html",
        {"update": update, "form": form, "target": update.target, **_nav(request, "review")},
    )


# ---- the printable plan ------------------------------------------------------------------------------------------


@require_GET
def plan_pdf(request, year: int):
    plan = next((candidate for candidate in selectors.all_plans() if candidate.year == year), None)
    if plan is None:
        raise Http404
    if not permissions.can_see_plan(request.user, plan):
        return _require_login(request) or _forbidden()
    language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        pdf = pdfs.plan_pdf(plan=plan, language=language)
    except PDFRenderError:
        return render(request, "pdf_busy.html", status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-action-{plan.year}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _forbidden():
    raise PermissionDenied
