"""The coordinator in the admin: statuses with history, unique numbering, next year's plan, reviews."""

import pytest

from actionplan.models import Action, ActionPlan, Partner, ProgressUpdate
from tests.factories import ActionFactory, AxisFactory, ProgressUpdateFactory, ProjectFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    return coordinator_client


def change_data(action: Action, **changes) -> dict:
    """The admin change form's POST for `action`, with its (empty) progress inline."""
    data = {
        "plan": action.plan_id,
        "axis": action.axis_id,
        "number": action.number,
        "status": action.status,
        "status_note": "",
        # The admin edits each language's column side by side (issue 21).
        "activities_fr": action.activities_fr,
        "activities_en": action.activities_en or "",
        "current_state_fr": action.current_state_fr,
        "current_state_en": action.current_state_en or "",
        "planned_activities_fr": action.planned_activities_fr,
        "planned_activities_en": action.planned_activities_en or "",
        "proposals_fr": action.proposals_fr,
        "proposals_en": action.proposals_en or "",
        "members": [m.pk for m in action.members.all()],
        "themes": [t.pk for t in action.themes.all()],
        "partners": [p.pk for p in action.partners.all()],
        "carried_over_from": "",
        "progress_updates-TOTAL_FORMS": "0",
        "progress_updates-INITIAL_FORMS": "0",
        "progress_updates-MIN_NUM_FORMS": "0",
        "progress_updates-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def numbers(plan) -> list[tuple[int, str]]:
    return list(Action.objects.filter(plan=plan).order_by("number").values_list("number", "activities"))


# ---- status changes are history ----------------------------------------------------------------------------------


def test_a_status_changed_in_the_change_form_goes_into_the_history(admin_client, rvase_2023, coordinator):
    action = Action.objects.get(plan__year=2023, number=6)
    response = admin_client.post(
        f"/admin/actionplan/action/{action.pk}/change/",
        change_data(action, status="continuous", status_note="Conférences thématiques annuelles décidées."),
    )
    assert response.status_code == 302, page_text(response)
    action.refresh_from_db()
    assert action.status == Action.Status.CONTINUOUS
    note = action.progress_updates.get()
    assert (note.previous_status, note.applied_status, note.review) == ("not_recorded", "continuous", "accepted")
    assert note.author == coordinator and note.text == "Conférences thématiques annuelles décidées."


def test_a_status_changed_in_the_list_goes_into_the_history(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    actions = list(Action.objects.filter(plan=plan).order_by("number"))
    data = {
        "form-TOTAL_FORMS": str(len(actions)),
        "form-INITIAL_FORMS": str(len(actions)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, action in enumerate(actions):
        data[f"form-{index}-id"] = action.pk
        data[f"form-{index}-status"] = "done" if action.number == 10 else action.status
    response = admin_client.post(f"/admin/actionplan/action/?plan__id__exact={plan.pk}&o=1", data)
    assert response.status_code == 302
    assert Action.objects.get(plan=plan, number=10).status == "done"
    assert list(ProgressUpdate.objects.values_list("action__number", "previous_status", "applied_status")) == [
        (10, "not_recorded", "done")
    ]


def test_an_unchanged_status_adds_no_history_but_a_note_is_kept(admin_client, rvase_2023):
    action = Action.objects.get(plan__year=2023, number=3)
    admin_client.post(f"/admin/actionplan/action/{action.pk}/change/", change_data(action))
    assert not action.progress_updates.exists()
    admin_client.post(f"/admin/actionplan/action/{action.pk}/change/", change_data(action, status_note="Point fait."))
    note = action.progress_updates.get()
    assert note.text == "Point fait." and not note.applied_status


def test_a_note_added_in_the_inline_is_the_coordinators(admin_client, rvase_2023, coordinator):
    action = Action.objects.get(plan__year=2023, number=3)
    data = change_data(action)
    data.update(
        {
            "progress_updates-TOTAL_FORMS": "1",
            "progress_updates-0-date": "2023-06-20",
            "progress_updates-0-text": "Plan complété et envoyé aux membres.",
        }
    )
    response = admin_client.post(f"/admin/actionplan/action/{action.pk}/change/", data)
    assert response.status_code == 302
    note = action.progress_updates.get()
    assert note.author == coordinator and note.text == "Plan complété et envoyé aux membres."


def test_the_change_form_shows_the_history_inline(admin_client, rvase_2023):
    action = Action.objects.get(plan__year=2023, number=6)
    ProgressUpdateFactory(
        action=action, text="Note visible dans l'admin.", proposed_status="continuous", review="pending"
    )
    text = page_text(admin_client.get(f"/admin/actionplan/action/{action.pk}/change/"))
    assert "Note visible dans l'admin." in text and "Proposed: Continuous." in text
    assert "Move to another number" in text


# ---- numbering -------------------------------------------------------------------------------------------------


def test_a_duplicate_number_is_refused_with_a_message(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    axis = plan.axes.get(number=1)
    data = {
        **change_data(Action.objects.get(plan=plan, number=6)),
        "axis": axis.pk,
        "activities_fr": "Nouvelle action",
        "activities_en": "",
        "members": [],
        "themes": [],
    }
    response = admin_client.post("/admin/actionplan/action/add/", data)
    assert response.status_code == 200
    text = page_text(response)
    assert "2023 Action plan already has an action number 6 (“Multi-country dialogue”)" in text
    assert "16 is free" in text
    assert Action.objects.filter(plan=plan).count() == 15


def test_changing_a_number_to_a_taken_one_is_refused(admin_client, rvase_2023):
    action = Action.objects.get(plan__year=2023, number=15)
    response = admin_client.post(f"/admin/actionplan/action/{action.pk}/change/", change_data(action, number=1))
    assert "already has an action number 1" in page_text(response)
    action.refresh_from_db()
    assert action.number == 15


def test_an_axis_of_another_plan_is_refused(admin_client, rvase_2023):
    action = Action.objects.get(plan__year=2023, number=2)
    foreign_axis = AxisFactory(plan=ActionPlan.objects.create(year=2040, title="Plan 2040"), number=1)
    response = admin_client.post(
        f"/admin/actionplan/action/{action.pk}/change/", change_data(action, axis=foreign_axis.pk)
    )
    assert "Choose an axis of 2023 Action plan." in page_text(response)


def test_moving_an_action_up_shifts_the_others_down(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    before = numbers(plan)
    moving = Action.objects.get(plan=plan, number=15)
    page = page_text(admin_client.get(f"/admin/actionplan/action/{moving.pk}/move/"))
    assert "Between 1 and 15" in page
    response = admin_client.post(f"/admin/actionplan/action/{moving.pk}/move/", {"number": 2})
    assert response.status_code == 302
    after = numbers(plan)
    assert [n for n, _ in after] == list(range(1, 16))
    texts = [text for _, text in after]
    assert texts == [before[0][1], before[14][1], *[text for _, text in before[1:14]]]
    moving.refresh_from_db()
    assert moving.number == 2 and moving.get_absolute_url() == "/plan/2023/actions/2/"


def test_moving_an_action_down_keeps_its_history(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    moving = Action.objects.get(plan=plan, number=1)
    ProgressUpdateFactory(action=moving, text="Historique de l'action 1.")
    admin_client.post(f"/admin/actionplan/action/{moving.pk}/move/", {"number": 15})
    moving.refresh_from_db()
    assert moving.number == 15
    assert [n for n, _ in numbers(plan)] == list(range(1, 16))
    assert "Historique de l'action 1." in page_text(admin_client.get("/plan/2023/actions/15/"))


@pytest.mark.parametrize(
    ("number", "message"),
    [(16, "Choose a number between 1 and 15"), (0, "greater than or equal to 1"), (4, "already has this number")],
)
def test_moving_outside_the_plan_is_refused(admin_client, rvase_2023, number, message):
    moving = Action.objects.get(plan__year=2023, number=4)
    response = admin_client.post(f"/admin/actionplan/action/{moving.pk}/move/", {"number": number})
    assert message in page_text(response)
    moving.refresh_from_db()
    assert moving.number == 4


def test_renumbering_closes_gaps(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    Action.objects.filter(plan=plan, number__in=[3, 9]).delete()
    response = admin_client.post(
        "/admin/actionplan/actionplan/", {"action": "renumber", "_selected_action": [plan.pk]}, follow=True
    )
    assert "11 actions renumbered" in page_text(response)
    assert [n for n, _ in numbers(plan)] == list(range(1, 14))


# ---- next year's plan ------------------------------------------------------------------------------------------


def test_start_next_years_plan_carries_over_the_unfinished_actions(admin_client, rvase_2023, coordinator):
    plan = ActionPlan.objects.get(year=2023)
    hub = ProjectFactory(title="Projet lié")
    hub.actions.add(plan.actions.get(number=13))
    response = admin_client.post(
        "/admin/actionplan/actionplan/", {"action": "start_next_year", "_selected_action": [plan.pk]}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/{plan.pk}/next-year/")
    preview = page_text(admin_client.get(response["Location"]))
    assert "the 15 actions that are not done" in preview
    response = admin_client.post(f"/admin/actionplan/actionplan/{plan.pk}/next-year/", follow=True)
    assert "15 unfinished actions carried over" in page_text(response)

    new = ActionPlan.objects.get(year=2024)
    assert new.title == "Plan d'action 2024" and new.started_from == plan and new.created_by == coordinator
    # Both languages are carried over, whatever language the coordinator reads the admin in (issue 21).
    assert new.title_en == "2024 Action plan"
    assert list(new.axes.values_list("number", "title")) == list(plan.axes.values_list("number", "title"))
    carried = list(new.actions.order_by("number").select_related("carried_over_from", "axis"))
    # The deck says no action is done (action 4 is "En cours !"; the others have no status): all carry over.
    assert [a.number for a in carried] == list(range(1, 16))
    assert [a.carried_over_from.number for a in carried] == list(range(1, 16))
    assert all(a.status != "done" and a.axis.plan_id == new.pk for a in carried)
    first = carried[0]
    assert set(first.members.values_list("slug", flat=True)) == set(
        first.carried_over_from.members.values_list("slug", flat=True)
    )
    assert first.activities == first.carried_over_from.activities
    assert (first.activities_fr, first.activities_en) == (
        first.carried_over_from.activities_fr,
        first.carried_over_from.activities_en,
    )
    assert hub.actions.filter(plan=new).exists()
    # The old plan is untouched.
    assert plan.actions.count() == 15
    # /plan/ now shows 2024.
    assert "2024 Action plan" in page_text(admin_client.get("/plan/"))


def test_start_next_years_plan_refuses_when_it_exists(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    ActionPlan.objects.create(year=2024, title="Plan 2024 déjà là")
    preview = page_text(admin_client.get(f"/admin/actionplan/actionplan/{plan.pk}/next-year/"))
    assert "The 2024 plan already exists (Plan 2024 déjà là)" in preview
    response = admin_client.post(f"/admin/actionplan/actionplan/{plan.pk}/next-year/", follow=True)
    assert "The 2024 plan already exists: nothing was copied." in page_text(response)
    assert not ActionPlan.objects.get(year=2024).actions.exists()


def test_start_next_year_needs_exactly_one_plan(admin_client, rvase_2023):
    other = ActionPlan.objects.create(year=2030, title="Plan 2030")
    plan = ActionPlan.objects.get(year=2023)
    response = admin_client.post(
        "/admin/actionplan/actionplan/",
        {"action": "start_next_year", "_selected_action": [plan.pk, other.pk]},
        follow=True,
    )
    assert "Select exactly one plan" in page_text(response)
    assert not ActionPlan.objects.filter(year__in=[2024, 2031]).exists()


# ---- reviews in the admin --------------------------------------------------------------------------------------


def test_review_actions_on_progress_notes(admin_client, rvase_2023, coordinator):
    action_8 = Action.objects.get(plan__year=2023, number=8)
    action_9 = Action.objects.get(plan__year=2023, number=9)
    accept = ProgressUpdateFactory(action=action_8, proposed_status="done", review="pending")
    decline = ProgressUpdateFactory(action=action_9, proposed_status="in_progress", review="pending")
    nothing = ProgressUpdateFactory(action=action_9)
    admin_client.post(
        "/admin/actionplan/progressupdate/", {"action": "accept_proposed", "_selected_action": [accept.pk, nothing.pk]}
    )
    admin_client.post(
        "/admin/actionplan/progressupdate/", {"action": "decline_proposed", "_selected_action": [decline.pk]}
    )
    action_8.refresh_from_db()
    action_9.refresh_from_db()
    assert action_8.status == "done" and action_9.status == "not_recorded"
    accept.refresh_from_db()
    decline.refresh_from_db()
    assert (accept.review, accept.reviewed_by) == ("accepted", coordinator)
    assert decline.review == "declined"


def test_the_admin_pages_of_the_plan_open(admin_client, rvase_2023):
    plan = ActionPlan.objects.get(year=2023)
    for url in [
        "/admin/actionplan/action/",
        f"/admin/actionplan/actionplan/{plan.pk}/change/",
        "/admin/actionplan/progressupdate/",
        "/admin/actionplan/project/",
        f"/admin/actionplan/project/{ProjectFactory().pk}/change/",
        "/admin/actionplan/partner/",
        "/admin/actionplan/thematicroadmap/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    partner = Partner.objects.get(name="AUF Laos")  # action 2's planned contacts, action 15's "AUF"
    text = page_text(admin_client.get(f"/admin/actionplan/partner/{partner.pk}/change/"))
    assert "2023 · 2. Identifying and contacting the actors" in text and "2023 · 15. Support for widening" in text


def test_a_focal_point_cannot_reach_the_admin_tools(client, focal_point, rvase_2023):
    client.force_login(focal_point.person.user)
    plan = ActionPlan.objects.get(year=2023)
    action = ActionFactory(plan=plan, axis=plan.axes.first(), number=40)
    for url in (f"/admin/actionplan/actionplan/{plan.pk}/next-year/", f"/admin/actionplan/action/{action.pk}/move/"):
        response = client.post(url, {"number": 1})
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ActionPlan.objects.filter(year=2024).exists()
