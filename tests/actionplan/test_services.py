"""The plan's services on their own: numbering, next year's plan, statuses, and the model's guarantees."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from actionplan import services
from actionplan.models import Action, ActionPlan, ProgressUpdate, Project
from tests.factories import ActionFactory, ActionPlanFactory, AxisFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def plan_with_gaps():
    plan = ActionPlanFactory(year=2030)
    axis = AxisFactory(plan=plan, number=1)
    for number in (1, 2, 5, 6, 9):
        ActionFactory(plan=plan, axis=axis, number=number, activities=f"Action {number}")
    return plan


def order(plan) -> list[tuple[int, str]]:
    return list(Action.objects.filter(plan=plan).order_by("number").values_list("number", "activities"))


@pytest.mark.parametrize(
    ("start", "to", "expected"),
    [
        (9, 1, [(1, "Action 9"), (2, "Action 1"), (3, "Action 2"), (6, "Action 5"), (7, "Action 6")]),
        (1, 9, [(1, "Action 2"), (4, "Action 5"), (5, "Action 6"), (8, "Action 9"), (9, "Action 1")]),
        (1, 4, [(1, "Action 2"), (4, "Action 1"), (5, "Action 5"), (6, "Action 6"), (9, "Action 9")]),
        (5, 6, [(1, "Action 1"), (2, "Action 2"), (5, "Action 6"), (6, "Action 5"), (9, "Action 9")]),
    ],
)
def test_moving_keeps_numbers_unique_even_with_gaps(plan_with_gaps, coordinator, start, to, expected):
    action = Action.objects.get(plan=plan_with_gaps, number=start)
    services.action_move(action=action, number=to, by=coordinator)
    assert order(plan_with_gaps) == expected


def test_moving_beyond_the_last_number_is_refused(plan_with_gaps, coordinator):
    with pytest.raises(ValidationError, match="between 1 and 9"):
        services.action_move(action=Action.objects.get(plan=plan_with_gaps, number=1), number=10, by=coordinator)


def test_moving_does_not_touch_other_plans(plan_with_gaps, coordinator):
    other = ActionFactory(plan=ActionPlanFactory(year=2031), axis=AxisFactory(plan__year=2031), number=1)
    services.action_move(action=Action.objects.get(plan=plan_with_gaps, number=9), number=1, by=coordinator)
    other.refresh_from_db()
    assert other.number == 1


def test_renumbering(plan_with_gaps, coordinator):
    assert services.plan_renumber(plan=plan_with_gaps, by=coordinator) == 3
    assert [n for n, _ in order(plan_with_gaps)] == [1, 2, 3, 4, 5]
    assert [t for _, t in order(plan_with_gaps)] == ["Action 1", "Action 2", "Action 5", "Action 6", "Action 9"]


@pytest.mark.parametrize(
    "call",
    [
        lambda plan, user: services.plan_renumber(plan=plan, by=user),
        lambda plan, user: services.plan_start_next_year(plan=plan, by=user),
        lambda plan, user: services.action_move(action=plan.actions.first(), number=1, by=user),
        lambda plan, user: services.status_set(target=plan.actions.first(), status="done", by=user),
        lambda plan, user: services.plan_import(plan=plan, content=b"", by=user, dry_run=True),
    ],
)
def test_coordinator_services_refuse_anyone_else(plan_with_gaps, call):
    with pytest.raises(PermissionDenied):
        call(plan_with_gaps, UserFactory(is_staff=True))


def test_a_focal_point_service_call_is_checked_too(plan_with_gaps, focal_point):
    with pytest.raises(PermissionDenied):
        services.progress_note_post(
            target=plan_with_gaps.actions.first(), author=focal_point.person.user, text="x", date=dt.date(2030, 1, 1)
        )


def test_next_year_of_a_plan_without_the_year_in_its_title(coordinator):
    plan = ActionPlanFactory(year=2030, title="Plan du réseau")
    AxisFactory(plan=plan, number=1)
    new = services.plan_start_next_year(plan=plan, by=coordinator)
    assert (new.year, new.title) == (2031, "Plan du réseau 2031")
    assert not new.actions.exists() and new.axes.count() == 1
    with pytest.raises(ValidationError, match="The 2031 plan already exists"):
        services.plan_start_next_year(plan=plan, by=coordinator)


def test_status_set_records_only_real_changes(coordinator):
    action = ActionFactory(status="in_progress")
    assert services.status_set(target=action, status="in_progress", by=coordinator) is None
    note = services.status_set(target=action, status="done", by=coordinator, note="Terminé en avance.")
    assert (note.previous_status, note.applied_status, note.text) == ("in_progress", "done", "Terminé en avance.")
    with pytest.raises(ValidationError):
        services.status_set(target=action, status="validated", by=coordinator)  # a project's status


def test_project_statuses_are_the_projects(coordinator):
    project = ProjectFactory(status=Project.Status.IDEA)
    services.status_set(target=project, status=Project.Status.VALIDATED, by=coordinator)
    project.refresh_from_db()
    assert project.status == "validated"
    note = project.progress_updates.get()
    assert (note.previous_status, note.applied_status) == ("idea", "validated")


def test_a_note_is_about_exactly_one_thing(db):
    action = ActionFactory()
    project = ProjectFactory()
    for kwargs in ({}, {"action": action, "project": project}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressUpdate.objects.create(text="x", **kwargs)


def test_the_database_refuses_a_duplicate_number(db):
    action = ActionFactory(number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=action.plan, axis=action.axis, number=3, activities="Doublon")


def test_the_2023_projects_are_linked_to_the_actions_the_deck_links_them_to(rvase_2023):
    def numbers(slug):
        return sorted(Project.objects.get(slug=slug).actions.values_list("number", flat=True))

    # Action 13's "deux projets concrets pour Luang Prabang et Phnom Penh" are not named: no link is drawn.
    assert numbers("phnom-penh-smart-city-hub") == []
    assert numbers("eau-potable-kokvan-luang-prabang") == []
    assert numbers("calu") == [11]
    assert ActionPlan.objects.get(year=2023).actions.get(number=11).projects.count() == 1
