"""The coordinator changes action 6's status in the admin; a member sees it, and the history entry, on /plan/."""

import pytest
from django.utils import timezone

from actionplan.models import Action
from tests.utils import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Conférences thématiques annuelles décidées : la prochaine porte sur les smart cities."


def test_coordinator_changes_action_6_in_the_admin_and_a_member_sees_it_on_the_plan(
    page, browser, live_server, demo_site
):
    # The deck gives action 6 no status.
    assert Action.objects.get(plan__year=2023, number=6).status == Action.Status.NOT_RECORDED

    # The coordinator, in the admin: the plan's actions, action 6, a new status and a word for the history.
    log_in(page, "coordination@rvase.example", "demo-coordination")
    page.goto("/admin/actionplan/action/")
    page.get_by_role("link", name="Dialogue multipays").click()
    page.wait_for_load_state()
    page.locator("select[name=status]").select_option("continuous")
    page.locator("textarea[name=status_note]").fill(NOTE)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").is_visible()
    assert Action.objects.get(plan__year=2023, number=6).status == Action.Status.CONTINUOUS

    # A member of Phnom Penh, in another browser session, reads the plan.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    member_page = context.new_page()
    member_page.set_default_timeout(15_000)
    log_in(member_page, "membre@rvase.example", "demo-membre")
    member_page.goto("/plan/")
    row = member_page.locator("#action-6")
    assert row.locator(".badge.status-continuous").is_visible()
    assert NOTE[:60] in row.inner_text()
    assert row.locator("time").get_attribute("datetime") == timezone.localdate().isoformat()
    # The overview counts it too: axis 1 now has one continuous action, action 4 in progress, five not recorded.
    axis_1 = member_page.locator(".axis-progress-row").first
    assert axis_1.locator(".swatch.status-continuous + strong").inner_text() == "1"
    assert axis_1.locator(".swatch.status-in_progress + strong").inner_text() == "1"
    assert axis_1.locator(".swatch.status-not_recorded + strong").inner_text() == "5"

    # The action's page keeps the change in its history, with who made it.
    row.get_by_role("link", name="6", exact=True).click()
    member_page.wait_for_load_state()
    history = member_page.locator("#history")
    assert NOTE in history.inner_text()
    assert history.locator(".badge.status-not_recorded").is_visible()
    assert history.locator(".badge.status-continuous").is_visible()
    context.close()


def test_a_focal_point_posts_a_note_and_the_coordinator_applies_it(page, browser, live_server, demo_site):
    """Hué's focal point proposes a status on action 1 (Hué takes part); the coordinator applies it from the site."""
    log_in(page, "hue@rvase.example", "demo-hue")
    page.goto("/plan/2023/actions/1/")
    page.locator("textarea[name=text]").fill("Point focal de Hué confirmé officiellement par le Comité populaire.")
    page.locator("select[name=proposed_status]").select_option("in_progress")
    page.locator("#post-note button[type=submit]").click()
    page.wait_for_load_state()
    assert "Point focal de Hué confirmé" in page.locator("#history").inner_text()
    assert page.locator("#history .badge.status-in_progress").is_visible()
    assert Action.objects.get(plan__year=2023, number=1).status == Action.Status.NOT_RECORDED  # not yet applied

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    coordinator = context.new_page()
    coordinator.set_default_timeout(15_000)
    log_in(coordinator, "coordination@rvase.example", "demo-coordination")
    coordinator.goto("/plan/progress/")
    coordinator.locator(".review-list a.button").first.click()
    coordinator.wait_for_load_state()
    coordinator.locator("button[value=accept]").click()
    coordinator.wait_for_load_state()
    assert Action.objects.get(plan__year=2023, number=1).status == Action.Status.IN_PROGRESS
    context.close()
