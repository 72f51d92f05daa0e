from django.http import Http404
from django.shortcuts import get_object_or_404, render

from members.permissions import is_member_person

from . import selectors
from .models import Action, ActionPlan


def plan_detail(request, year: int | None = None):
    if year is None:
        plan = selectors.current_plan()
        if plan is None:
            raise Http404
    else:
        plan = get_object_or_404(ActionPlan, year=year)
    axes = selectors.axes_with_actions(plan=plan)
    actions = [action for axis in axes for action in axis.actions.all()]
    return render(
        request,
        "actionplan/plan_detail.html",
        {
            "plan": plan,
            "axes": axes,
            "status_counts": selectors.status_counts(actions=actions),
            "total": len(actions),
            "other_plans": ActionPlan.objects.exclude(pk=plan.pk),
        },
    )


def action_detail(request, year: int, number: int):
    action = get_object_or_404(
        Action.objects.select_related("plan", "axis").prefetch_related("members", "themes", "partners"),
        plan__year=year,
        number=number,
    )
    decisions = []
    if is_member_person(request.user):
        decisions = action.decisions.select_related("minutes__event").order_by("minutes", "section", "number")
    return render(request, "actionplan/action_detail.html", {"action": action, "decisions": decisions})
