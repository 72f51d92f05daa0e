from collections import Counter

from django.db.models import Prefetch, QuerySet

from .models import Action, ActionPlan, Axis


def current_plan() -> ActionPlan | None:
    return ActionPlan.objects.order_by("-year").first()


def actions_for_plan(*, plan: ActionPlan) -> QuerySet[Action]:
    return (
        Action.objects.filter(plan=plan)
        .select_related("axis", "plan")
        .prefetch_related("members", "themes")
        .order_by("number")
    )


def axes_with_actions(*, plan: ActionPlan) -> list[Axis]:
    """The plan's axes, each with its actions, as the deck's tables show them."""
    return list(
        Axis.objects.filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=actions_for_plan(plan=plan)))
        .order_by("number")
    )


def status_counts(*, actions) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the model's order, zeros included."""
    counts = Counter(action.status for action in actions)
    return [(value, label, counts.get(value, 0)) for value, label in Action.Status.choices]
