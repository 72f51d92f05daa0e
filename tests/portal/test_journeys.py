"""In Chromium: Hué's focal point finds the open consultation in “Mon espace”, answers it, and the task is gone;
a visitor and a member search for “boues”."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations import services
from documents.models import Document
from members.models import Member
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True  # only to let the demo set-up create its accounts
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def open_round(demo):
    now = timezone.now()
    return services.consultation_open(
        by=None,
        subject="Plan d'action thématique sur l'assainissement 2023-2025",
        text="Premier plan d'action thématique, issu des recommandations du voyage d'étude au Cambodge.",
        opened_on=now - dt.timedelta(hours=1),
        deadline=now + dt.timedelta(days=6),
        tacit_approval=False,
        eligible=Member.objects.filter(slug__in=["hue", "vientiane"]),
    )


def log_in(page, email, password):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def open_my_space(page):
    """Through the account menu of the header: a <details>, no script involved."""
    page.locator(".account-details summary").click()
    page.get_by_role("navigation", name="Mon compte").get_by_role("link", name="Mon espace").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Mon espace", level=1).is_visible()


def test_the_focal_point_answers_the_round_from_my_space(page, open_round):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    log_in(page, "hue@rvase.example", "demo-hue")
    open_my_space(page)

    tasks = page.locator(".me-tasks")
    task = tasks.locator(".task-consultation", has_text="Plan d'action thématique sur l'assainissement 2023-2025")
    assert task.is_visible()
    deadline = timezone.localtime(open_round.deadline)
    assert "Répondre pour Hué" in task.inner_text()
    assert f"avant le {deadline.day} " in task.inner_text()
    assert task.locator("time").get_attribute("datetime").startswith(deadline.date().isoformat())

    task.get_by_role("link", name="Plan d'action thématique sur l'assainissement 2023-2025").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/consultations/{open_round.pk}/")
    page.get_by_label("Approuver", exact=True).check()
    page.get_by_role("button", name="Envoyer la réponse").click()
    assert page.get_by_text("La réponse de Hué a été enregistrée.").is_visible()

    open_my_space(page)
    assert page.locator(".me-tasks").get_by_text("Plan d'action thématique sur l'assainissement").count() == 0
    assert not [error for error in errors if "Content Security Policy" in error]


def test_my_space_fits_a_phone(page, open_round):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "hue@rvase.example", "demo-hue")
    page.locator(".account-details summary").click()
    menu = page.get_by_role("navigation", name="Mon compte")
    for link in ("Mon espace", "Changer mon mot de passe", "Mes adresses e-mail", "Mon calendrier"):
        assert menu.get_by_role("link", name=link).is_visible()
    menu.get_by_role("link", name="Mon espace").click()
    page.wait_for_load_state()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    task = page.locator(".task-consultation")
    assert task.is_visible()
    box = task.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_boues_for_a_visitor_and_for_a_member(page, demo):
    DocumentFactory(title="Guide des boues de vidange", visibility=Document.Visibility.PUBLIC)
    DocumentFactory(title="Note interne sur les boues de vidange", visibility=Document.Visibility.MEMBERS)

    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Rechercher").click()
    page.get_by_label("Mots à chercher").fill("boues")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    documents = page.locator("section", has=page.get_by_role("heading", name="Documents"))
    assert documents.get_by_role("link", name="Guide des boues de vidange").is_visible()
    assert documents.get_by_text("Note interne sur les boues de vidange").count() == 0
    # The record's own texts: the GBV conference (an event) and the plan's actions that name it.
    events = page.locator("section", has=page.get_by_role("heading", name="Événements et programmes"))
    assert events.get_by_role(
        "link", name="Conférence thématique sur la gestion des boues de vidange (GBV)"
    ).is_visible()
    actions = page.locator("section", has=page.get_by_role("heading", name="Actions du plan"))
    assert actions.get_by_role("link").count() >= 1

    log_in(page, "membre@rvase.example", "demo-membre")
    page.goto("/search/?q=boues")
    documents = page.locator("section", has=page.get_by_role("heading", name="Documents"))
    assert documents.get_by_role("link", name="Guide des boues de vidange").is_visible()
    assert documents.get_by_role("link", name="Note interne sur les boues de vidange").is_visible()
