"""/plan/ and an action's page cost the same number of queries with the 15 real actions and with 300 actions
holding 10 progress notes each."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.models import Action, ActionPlan, Axis, ProgressUpdate, Theme
from common.page_cache import CONTENT_APPS, renew_app_tokens
from members.models import Member
from tests.factories import UserFactory
from tests.utils import warm_up

pytestmark = pytest.mark.django_db

# Pinned budgets (visitor / logged-in focal point of a member of the action), as measured.
PLAN_PAGE = {"visitor": 7, "focal_point": 12}
ACTION_PAGE = {"visitor": 6, "focal_point": 14}


def count_queries(client, url: str) -> int:
    warm_up(client)
    # The page rendered, not a visitor's page from the cache (rows written by bulk_create send no signal).
    renew_app_tokens(CONTENT_APPS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def big_plan(*, year: int, actions: int = 300, notes: int = 10) -> ActionPlan:
    """A plan of `actions` actions in 3 axes, each with members, themes, partners and `notes` progress notes."""
    plan = ActionPlan.objects.create(year=year, title=f"Plan d'action {year}")
    axes = Axis.objects.bulk_create([Axis(plan=plan, number=n, title=f"Axe {n}") for n in (1, 2, 3)])
    statuses = list(Action.Status.values)
    created = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                axis=axes[n % 3],
                number=n,
                activities=f"Action générée {n} : atelier, étude et suivi",
                current_state="État des lieux",
                status=statuses[n % 4],
            )
            for n in range(1, actions + 1)
        ]
    )
    members = list(Member.objects.all()[:4])
    themes = list(Theme.objects.all()[:2])
    author = UserFactory()
    Action.members.through.objects.bulk_create(
        [Action.members.through(action=a, member=m) for a in created for m in members[: 1 + a.number % 4]]
    )
    Action.themes.through.objects.bulk_create(
        [Action.themes.through(action=a, theme=t) for a in created for t in themes]
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                action=a,
                author=author,
                date=dt.date(year, 1, 1) + dt.timedelta(days=k),
                text=f"Note {k} de l'action {a.number}",
                proposed_status=statuses[k % 4] if k % 3 == 0 else "",
                review="pending" if k % 3 == 0 else "",
            )
            for a in created
            for k in range(notes)
        ]
    )
    return plan


@pytest.mark.parametrize("who", ["visitor", "focal_point"])
def test_query_counts_do_not_grow_with_the_plan(client, rvase_2023, focal_point, who):
    hue = Member.objects.get(slug="hue")
    if who == "focal_point":
        # A focal point of a member of the actions: the progress form is on the action page.
        focal_point.member = hue
        focal_point.save()
        client.force_login(focal_point.person.user)
    Action.objects.get(plan__year=2023, number=1).members.add(focal_point.member)

    small_plan = count_queries(client, "/plan/")
    small_action = count_queries(client, "/plan/2023/actions/1/")
    small_filtered = count_queries(client, "/plan/?status=in_progress&axis=1")

    plan = big_plan(year=2030)
    assert ProgressUpdate.objects.filter(action__plan=plan).count() == 3000
    Action.objects.get(plan=plan, number=150).members.add(focal_point.member)
    big_page = client.get("/plan/")
    assert big_page.content.decode().count('<tr id="action-') == 20  # a page of 20 actions (issue 18)
    assert "Note 9 de l&#x27;action 20" in big_page.content.decode()  # the latest note of each action
    last_page = client.get("/plan/?page=15").content.decode()
    assert last_page.count('<tr id="action-') == 20 and "Note 9 de l&#x27;action 300" in last_page

    assert count_queries(client, "/plan/") == small_plan <= PLAN_PAGE[who]
    assert count_queries(client, "/plan/2030/actions/150/") == small_action <= ACTION_PAGE[who]
    assert count_queries(client, "/plan/?status=in_progress&axis=1") == small_filtered <= PLAN_PAGE[who] + 1


def test_other_list_pages_have_a_fixed_budget(client, rvase_2023, django_assert_max_num_queries):
    big_plan(year=2030, actions=60, notes=3)
    for url, budget in [
        ("/plan/roadmap/", 3),
        ("/plan/themes/", 6),
        # The theme page also gathers its upcoming and recent events, documents and news (issue 20): 4 more.
        ("/plan/themes/assainissement/", 13),
        ("/plan/projects/", 6),
        ("/plan/projects/calu/", 5),
    ]:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url
