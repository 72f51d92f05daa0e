"""The plan's public pages: /plan/, an action, the roadmap, themes, projects; partners for members only."""

import datetime as dt
import re

import pytest

from actionplan.models import Action, ActionPlan, ProgressUpdate
from members.models import Member
from tests.factories import CoordinatorFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def listed_actions(response) -> list[int]:
    """The action numbers in the plan's tables, in page order."""
    return [int(n) for n in re.findall(r'<tr id="action-(\d+)"', response.content.decode())]


# ---- /plan/ ------------------------------------------------------------------------------------------------------


def test_plan_page_is_grouped_by_axis_like_the_deck(english, rvase_2023):
    response = english.get("/plan/")
    text = page_text(response)
    assert response.status_code == 200
    assert listed_actions(response) == list(range(1, 16))
    # Read in English: the deck's texts in their English translation (issue 21).
    axis_1 = text.index("Axis 1 — Leading the regional dialogue between local authorities and local stakeholders")
    axis_2 = text.index("Axis 2 — Supporting project management at the local level")
    axis_3 = text.index("Axis 3 — Supporting the design, implementation and funding")
    assert axis_1 < text.index("Multi-country dialogue") < axis_2 < text.index("Delivering training") < axis_3
    # Status and members of each action.
    row_13 = re.search(r'<tr id="action-13">.*?</tr>', response.content.decode(), re.S).group(0)
    assert "status-not_recorded" in row_13 and "Luang Prabang" in row_13 and "Phnom Penh" in row_13
    row_4 = re.search(r'<tr id="action-4">.*?</tr>', response.content.decode(), re.S).group(0)
    assert "status-in_progress" in row_4  # the deck's "En cours !"


def test_plan_page_shows_each_actions_latest_progress(english, rvase_2023, focal_point):
    action = Action.objects.get(plan__year=2023, number=6)
    ProgressUpdate.objects.create(action=action, date=dt.date(2023, 6, 1), text="Ancienne note de juin.")
    ProgressUpdate.objects.create(
        action=action,
        date=dt.date(2023, 9, 12),
        text="Compte rendu de la conférence GBV diffusé.",
        author=focal_point.person.user,
    )
    response = english.get("/plan/")
    row = re.search(r'<tr id="action-6">.*?</tr>', response.content.decode(), re.S).group(0)
    assert "Compte rendu de la conférence GBV diffusé." in row
    assert "Ancienne note de juin." not in row
    assert focal_point.member.name in row


def test_plan_page_draws_the_progress_per_axis_as_inline_svg(english, rvase_2023):
    response = english.get("/plan/")
    body = response.content.decode()
    assert body.count("<svg") >= 4  # the whole plan, then one bar per axis
    assert 'class="axis-progress-bar"' in body
    # The charts need no script; the only one is the member filter's suggestions (issue 18).
    assert body.count("<script") == 1 and '<script src="/static/js/suggest.js" defer></script>' in body
    overview = page_text(response).split("By axis")[1].split("Axis 1 —")[0]
    assert "Axis 1" in overview and "Axis 2 Supporting" in overview
    # The deck gives one status (action 4's "En cours !"); the others are counted as not recorded.
    assert "In progress 1 Not recorded 6" in overview  # axis 1
    assert "Not recorded 5" in overview  # axis 2
    whole = page_text(response).split("Progress of the 15 actions")[1].split("By axis")[0]
    assert "Not started 0 In progress 1 Done 0 Continuous 0 Not recorded 14" in whole
    assert "Progress of the 15 actions" in page_text(response)


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("status=in_progress", [4]),
        ("status=not_recorded", [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
        ("axis=3", [13, 14, 15]),
        ("theme=assainissement", [6, 12]),
        ("member=luang-prabang", [1, 13]),
        ("axis=1&theme=assainissement", [6]),
        ("axis=2&status=not_recorded", [8, 9, 10, 11, 12]),
        ("member=yen-bai", []),
    ],
)
def test_plan_filters(english, rvase_2023, query, numbers):
    response = english.get(f"/plan/?{query}")
    assert response.status_code == 200
    assert listed_actions(response) == numbers
    text = page_text(response)
    if numbers:
        assert "of 15 match" in text or "of 15 matches" in text
    else:
        assert "No action matches these filters." in text
    # The overview still describes the whole plan.
    assert "Progress of the 15 actions" in text


@pytest.mark.parametrize(
    "query",
    [
        "axis=9",
        "axis=abc&status=zzz",
        "theme=pas-un-theme",
        "axis=%3Cscript%3E",
        "status=done%27%20OR%201=1",
        "axis=1%00",
    ],
)
def test_junk_filters_show_the_unfiltered_list_with_the_form_error(english, rvase_2023, query):
    response = english.get(f"/plan/?{query}")
    assert response.status_code == 200
    assert "Some filters were not understood" in page_text(response)
    assert len(listed_actions(response)) in (15, 3, 2)  # the junk field is ignored, a valid one still applies


def test_a_valid_filter_still_applies_beside_a_junk_one(english, rvase_2023):
    response = english.get("/plan/?axis=3&status=zzz")
    assert listed_actions(response) == [13, 14, 15]
    assert "Select a valid choice" in page_text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/plan/1999/",
        "/plan/0/",
        "/plan/99999999999999999999/",
        "/plan/abc/",
        "/plan/2023/actions/99/",
        "/plan/2023/actions/0/",
        "/plan/2023/actions/99999999999999999999/",
        "/plan/2023/actions/abc/",
        "/plan/2023/actions/-1/",
        "/plan/1999/actions/1/",
        "/plan/themes/pas-un-theme/",
        "/plan/projects/pas-un-projet/",
    ],
)
def test_junk_year_number_or_slug_is_a_404(client, rvase_2023, url):
    assert client.get(url).status_code == 404


def test_no_plan_yet_is_a_404(client, db):
    assert client.get("/plan/").status_code == 404


def test_another_years_plan_is_reached_by_its_year(english, rvase_2023):
    plan = ActionPlan.objects.create(year=2024, title="Plan d'action 2024")
    plan.axes.create(number=1, title="Axe unique 2024")
    response = english.get("/plan/")
    assert "Plan d'action 2024" in page_text(response)  # the newest plan is the current one
    assert 'href="/plan/2023/"' in response.content.decode()
    assert "Leading the regional dialogue" in page_text(english.get("/plan/2023/"))


def test_sub_navigation_links_the_plans_pages(english, rvase_2023, member_person):
    visitor = english.get("/plan/").content.decode()
    for url in ("/plan/roadmap/", "/plan/themes/", "/plan/projects/"):
        assert f'href="{url}"' in visitor
    assert 'href="/plan/partners/"' not in visitor
    assert 'href="/plan/progress/"' not in visitor
    english.force_login(member_person.user)
    assert 'href="/plan/partners/"' in english.get("/plan/").content.decode()
    english.force_login(CoordinatorFactory())
    assert 'href="/plan/progress/"' in english.get("/plan/").content.decode()


# ---- an action ---------------------------------------------------------------------------------------------------


def test_action_page_shows_the_four_columns_history_projects_and_partners(client, rvase_2023, member_person):
    client.cookies["django_language"] = "en"
    action = Action.objects.get(plan__year=2023, number=13)
    ProgressUpdate.objects.create(action=action, date=dt.date(2023, 7, 1), text="Note de juillet.")
    ProgressUpdate.objects.create(action=action, date=dt.date(2023, 10, 2), text="Note d'octobre.")
    ProgressUpdate.objects.create(action=action, date=dt.date(2023, 8, 15), text="Note d'août.")
    text = page_text(client.get("/plan/2023/actions/13/"))
    assert "Two concrete projects drawn up and validated for Luang Prabang and Phnom Penh" in text
    for heading in ("Activities", "Current state", "Planned activities", "Proposals", "History"):
        assert heading in text
    # Newest first.
    assert text.index("Note d'octobre.") < text.index("Note d'août.") < text.index("Note de juillet.")
    # The deck does not say which two projects action 13 validated: no project is linked to it.
    assert "Phnom Penh Smart City Hub" not in text
    # Action 11's project is the deck's own link ("Développement du projet CALU").
    assert "CALU project" in page_text(client.get("/plan/2023/actions/11/"))


def test_partners_of_an_action_are_for_members(client, rvase_2023, member_person):
    next_step = "Continuer à nouer des contacts avec les acteurs de la coopération et l'urbanisme durable"
    visitor = page_text(client.get("/plan/2023/actions/2/"))
    # The partners' list (the deck's "Val de Marne" is in the action's text, the partner's own name is not).
    assert "Val-de-Marne" not in visitor and "Prochaine étape" not in visitor
    client.force_login(member_person.user)
    member = page_text(client.get("/plan/2023/actions/2/"))
    assert "Val-de-Marne" in member and f"Prochaine étape : {next_step}" in member
    assert "UN-ESCAP" not in member  # a partner the deck does not link to action 2


def test_carried_over_actions_link_both_ways(english, rvase_2023):
    old = Action.objects.get(plan__year=2023, number=2)
    plan = ActionPlan.objects.create(year=2024, title="Plan d'action 2024")
    axis = plan.axes.create(number=1, title="Axe 1")
    Action.objects.create(plan=plan, axis=axis, number=1, activities=old.activities, carried_over_from=old)
    assert "Carried over from action 2 of the 2023 Action plan" in page_text(english.get("/plan/2024/actions/1/"))
    assert "Continued as action 1 of the Plan d'action 2024" in page_text(english.get("/plan/2023/actions/2/"))


# ---- roadmap, themes, projects -------------------------------------------------------------------------------------


def test_roadmap_is_a_timeline_2023_2025_with_milestones_and_statuses(english, rvase_2023):
    response = english.get("/plan/roadmap/")
    text = page_text(response)
    body = response.content.decode()
    assert re.findall(r'<th scope="col" class="timeline-year">(\d{4})</th>', body) == ["2023", "2024", "2025"]
    for title in (
        "GBV thematic action plan",
        "Smart Cities thematic action plan",
        "Sustainable tourism thematic action plan",
    ):
        assert title in text
    assert "GBV thematic conference (May 2023)" in text  # the deck's "mai 2023", a month, in English
    assert "By mid-June each city and province confirms its focal point (mid-June 2023)" in text
    assert "Milestones without a date:" in text and "June 15" not in text
    assert "In preparation" in text and "Planned" in text
    # GBV runs over the three years, tourism only in 2025.
    gbv_row = re.search(r"<tr>\s*<th[^>]*>\s*<strong>GBV thematic action plan.*?</tr>", body, re.S).group(0)
    assert gbv_row.count("is-active") == 3
    tourism_row = re.search(r"<tr>\s*<th[^>]*>\s*<strong>Sustainable tourism thematic.*?</tr>", body, re.S)
    assert tourism_row.group(0).count("is-active") == 1


def test_themes_page_lists_each_theme_with_its_projects_and_members(english, rvase_2023):
    text = page_text(english.get("/plan/themes/"))
    sanitation = text.split("Improving urban sanitation")[1].split("Smart and sustainable tourism")[0]
    for name in ("Hué", "Siem Reap", "Phnom Penh", "Vientiane"):
        assert name in sanitation
    assert "Siem Reap FSM project" in sanitation
    assert "Main themes" in text and "Transversal themes" in text
    assert "Support for the Francophonie in the South-East Asia region" in text


def test_theme_page(english, rvase_2023):
    text = page_text(english.get("/plan/themes/assainissement/"))
    assert "Hué FSM project" in text
    assert "Action 6" in text and "Action 12" in text
    assert "GBV thematic action plan" in text
    assert "Hué" in text


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("theme=assainissement", "Vientiane FSM project", "CALU project"),
        ("member=luang-prabang", "village of Kokvan", "Hué FSM project"),
        ("status=idea", "CALU project", "Phnom Penh Smart City Hub"),
        ("status=not_recorded", "Phnom Penh Smart City Hub", "CALU project"),
        ("theme=climat-resilience&member=asac", "EMR2", "village of Kokvan"),
    ],
)
def test_projects_filters(english, rvase_2023, query, expected, absent):
    text = page_text(english.get(f"/plan/projects/?{query}"))
    assert expected in text and absent not in text


def test_projects_junk_filter_is_not_an_error(english, rvase_2023):
    response = english.get("/plan/projects/?theme=nope&status=%27")
    assert response.status_code == 200
    text = page_text(response)
    assert "Some filters were not understood" in text and "10 projects" in text


def test_project_page(english, rvase_2023):
    text = page_text(english.get("/plan/projects/calu/"))
    assert "CALU project (Cooperation between Local Authorities and Universities)" in text
    assert "Identify and secure the funding the project needs" in text
    assert "Action 11 (2023)" in text and "Youth and universities" in text
    assert "Under discussion" in text


# ---- partners ----------------------------------------------------------------------------------------------------


def test_partners_send_a_visitor_to_the_login_page(client, rvase_2023):
    response = client.get("/plan/partners/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/plan/partners/")


def test_partners_are_refused_to_an_account_that_is_not_a_member(client, rvase_2023):
    client.force_login(UserFactory())
    assert client.get("/plan/partners/").status_code == 403


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_partners_page_shows_contact_status_next_step_and_actions(client, rvase_2023, member_person, who):
    client.force_login(member_person.user if who == "member" else CoordinatorFactory())
    client.cookies["django_language"] = "en"
    response = client.get("/plan/partners/")
    text = page_text(response)
    assert response.status_code == 200
    assert "A framework agreement to be sought with CGLU-ASPAC" in text
    assert "In dialogue" in text and "To contact" in text
    assert "Not recorded" in text  # NCDM, UN-ESCAP: the deck says nothing of a contact
    row = re.search(r"<strong>AUF Laos</strong>.*?</tr>", response.content.decode(), re.S).group(0)
    assert 'href="/plan/2023/actions/2/"' in row and 'href="/plan/2023/actions/15/"' in row
    row = re.search(r"<strong>CGLU-ASPAC</strong>.*?</tr>", response.content.decode(), re.S).group(0)
    assert 'href="/plan/2023/actions/2/"' in row and 'href="/plan/2023/actions/15/"' not in row
    donors = page_text(client.get("/plan/partners/?kind=donor"))
    assert "Asian Development Bank" in donors and "CGLU-ASPAC" not in donors
    assert "Some filters" in page_text(client.get("/plan/partners/?kind=zzz"))


def test_member_directory_still_lists_projects(client, rvase_2023):
    hue = Member.objects.get(slug="hue")
    assert "Hué FSM project" in page_text(client.get(hue.get_absolute_url()))
