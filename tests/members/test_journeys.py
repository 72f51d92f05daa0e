"""Hué's focal point keeps Hué's page current; Vientiane's focal point cannot touch it."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def test_hue_focal_point_edits_hue_and_the_public_sees_it(page, browser, live_server, demo_data):
    log_in(page, "hue@rvase.example", "demo-hue")
    page.goto("/members/hue/")
    page.get_by_role("link", name="Modifier cette page").click()
    page.get_by_label("Description publique (français)").fill(
        "Hué, ancienne capitale impériale, pilote un projet de gestion des boues de vidange."
    )
    page.get_by_label("Téléphone de contact").fill("+84 234 382 2000")
    page.get_by_role("button", name="Enregistrer la page").click()
    page.wait_for_load_state()
    assert page.url.endswith("/members/hue/")
    assert page.get_by_text("La page de Hué a été mise à jour.").is_visible()

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/members/hue/")
    assert visitor.get_by_text("pilote un projet de gestion des boues de vidange").is_visible()
    assert visitor.get_by_role("link", name="Modifier cette page").count() == 0
    visitor.context.close()


def test_vientiane_focal_point_is_refused_hues_edit_page(page, demo_data):
    log_in(page, "vientiane@rvase.example", "demo-vientiane")
    page.goto("/members/hue/")
    assert page.get_by_role("link", name="Modifier cette page").count() == 0
    response = page.goto("/members/hue/edit/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Accès refusé").is_visible()
    page.goto("/members/vientiane/")
    assert page.get_by_role("link", name="Modifier cette page").is_visible()
