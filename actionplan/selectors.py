"""Reads of the action plan, each in a fixed number of queries whatever the size of the plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery

from members.models import Member

from .models import Action, ActionPlan, Axis, Milestone, Partner, ProgressUpdate, Project, ThematicRoadmap, Theme


def themes() -> QuerySet[Theme]:
    """The themes, main ones first, in the deck's order."""
    return Theme.objects.order_by("kind", "order", "name")


def members_by_name() -> QuerySet[Member]:
    """Every member, for the plan's and the projects' filters."""
    return Member.objects.order_by("name")


def current_plan() -> ActionPlan | None:
    return ActionPlan.objects.order_by("-year").first()


def all_plans() -> list[ActionPlan]:
    """Every plan, newest first: the first one is the current plan."""
    return list(ActionPlan.objects.order_by("-year"))


def actions_for_plan(*, plan: ActionPlan) -> QuerySet[Action]:
    return (
        Action.objects.filter(plan=plan)
        .select_related("axis", "plan")
        .prefetch_related("members", "themes")
        .order_by("number")
    )


def _history() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.select_related("author__person__member", "reviewed_by")


def _latest_update_of(target: str) -> QuerySet[ProgressUpdate]:
    """Only the newest note of each action (or project): one query for the whole list, however long the history."""
    newest = ProgressUpdate.objects.filter(**{target: OuterRef(target)}).order_by("-date", "-pk").values("pk")[:1]
    return _history().filter(pk=Subquery(newest))


def plan_actions(*, plan: ActionPlan) -> QuerySet[Action]:
    """The plan's actions as the plan page lists them: members and latest progress note (`latest_updates`, 0 or 1)."""
    return (
        Action.objects.filter(plan=plan)
        .select_related("axis", "plan")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            Prefetch("progress_updates", queryset=_latest_update_of("action"), to_attr="latest_updates"),
        )
        .order_by("number")
    )


def status_counts(*, actions: Iterable[Action]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the model's order, zeros included."""
    counts = Counter(action.status for action in actions)
    return [(value, label, counts.get(value, 0)) for value, label in Action.Status.choices]


def plan_status_counts(*, plan: ActionPlan) -> list[tuple[str, str, int]]:
    """status_counts() of the plan's actions, counted by the database (one query, no action loaded)."""
    counts = dict(Action.objects.filter(plan=plan).values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in Action.Status.choices]


def status_counts_by_axis(*, plan: ActionPlan, actions: Iterable[Action] | None = None) -> dict[int, list]:
    """Per axis id, (status, label, count) rows. From `actions` when they are the whole plan, else in one query."""
    counts: dict[int, Counter] = defaultdict(Counter)
    if actions is not None:
        for action in actions:
            counts[action.axis_id][action.status] += 1
    else:
        rows = Action.objects.filter(plan=plan).values("axis_id", "status").annotate(n=Count("pk")).order_by()
        for row in rows:
            counts[row["axis_id"]][row["status"]] = row["n"]
    return {
        axis_id: [(value, label, counter.get(value, 0)) for value, label in Action.Status.choices]
        for axis_id, counter in counts.items()
    }


def axes_of(*, plan: ActionPlan) -> list[Axis]:
    return list(Axis.objects.filter(plan=plan).order_by("number"))


def action_for_page(*, year: int, number: int) -> Action | None:
    return (
        Action.objects.select_related("plan", "axis", "carried_over_from__plan")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            Prefetch("themes", queryset=Theme.objects.order_by("kind", "order")),
            Prefetch("projects", queryset=Project.objects.select_related("theme").order_by("title")),
            Prefetch("carried_over_to", queryset=Action.objects.select_related("plan")),
        )
        .filter(plan__year=year, number=number)
        .first()
    )


def action_history(*, action: Action) -> QuerySet[ProgressUpdate]:
    """The action's progress notes, newest first."""
    return _history().filter(action=action).order_by("-date", "-pk")


def project_history(*, project: Project) -> QuerySet[ProgressUpdate]:
    return _history().filter(project=project).order_by("-date", "-pk")


def partners_of(*, action: Action) -> QuerySet[Partner]:
    return action.partners.order_by("name")


def project_list() -> QuerySet[Project]:
    return (
        Project.objects.select_related("theme")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            Prefetch("progress_updates", queryset=_latest_update_of("project"), to_attr="latest_updates"),
        )
        .order_by("theme__kind", "theme__order", "title")
    )


def project_for_page(*, slug: str) -> Project | None:
    return (
        Project.objects.select_related("theme")
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            Prefetch("actions", queryset=Action.objects.select_related("plan").order_by("-plan__year", "number")),
        )
        .filter(slug=slug)
        .first()
    )


def members_by_theme(*, themes: Iterable[Theme]) -> dict[int, list[Member]]:
    """The members working on each theme: through its projects and the actions tagged with it (two queries)."""
    theme_ids = [theme.pk for theme in themes]
    pairs = set(
        Project.objects.filter(theme__in=theme_ids, members__isnull=False).values_list("theme_id", "members").order_by()
    ) | set(
        Action.objects.filter(themes__in=theme_ids, members__isnull=False)
        .values_list("themes", "members")
        .order_by()
        .distinct()
    )
    members = Member.objects.in_bulk({member_id for _, member_id in pairs})
    result: dict[int, list[Member]] = defaultdict(list)
    for theme_id, member_id in pairs:
        result[theme_id].append(members[member_id])
    for items in result.values():
        items.sort(key=lambda member: member.name)
    return result


def _theme_projects() -> Prefetch:
    """A theme's projects by title, each with its members by name."""
    members = Prefetch("members", queryset=Member.objects.order_by("name"))
    return Prefetch("projects", queryset=Project.objects.prefetch_related(members).order_by("title"))


def themes_with_projects() -> list[Theme]:
    return list(Theme.objects.prefetch_related(_theme_projects()).order_by("kind", "order", "name"))


def theme_for_page(*, slug: str) -> Theme | None:
    roadmaps = Prefetch("roadmaps", queryset=ThematicRoadmap.objects.order_by("order", "start_year"))
    return Theme.objects.prefetch_related(_theme_projects(), roadmaps).filter(slug=slug).first()


def theme_actions(*, theme: Theme, plan: ActionPlan | None) -> QuerySet[Action]:
    if plan is None:
        return Action.objects.none()
    return Action.objects.filter(plan=plan, themes=theme).select_related("plan").order_by("number")


def roadmaps() -> list[ThematicRoadmap]:
    """The roadmaps with their milestones in time order (reached first, then by due date, undated last)."""
    milestones = Milestone.objects.order_by(
        F("year").asc(nulls_last=True), "-is_done", F("due_on").asc(nulls_last=True), "pk"
    )
    return list(
        ThematicRoadmap.objects.select_related("theme", "plan")
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .order_by("order", "start_year")
    )


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("plan").order_by("-plan__year", "number"))
    ).order_by("name")


def pending_progress_updates() -> QuerySet[ProgressUpdate]:
    return (
        _history()
        .select_related("action__plan", "project")
        .filter(review=ProgressUpdate.Review.PENDING)
        .order_by("date", "pk")
    )


def progress_updates_between(*, start: dt.date, end: dt.date) -> QuerySet[ProgressUpdate]:
    """The notes dated in [start, end): what the monthly digest reports, oldest first."""
    return (
        _history()
        .select_related("action__plan", "project")
        .filter(date__gte=start, date__lt=end)
        .order_by("date", "pk")
    )
