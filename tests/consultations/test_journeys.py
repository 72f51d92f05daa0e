"""Hué's focal point approves with a comment, Vientiane's objects, the coordinator closes and downloads the record."""

import datetime as dt
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultations import services
from members.models import Member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_open(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False
    now = timezone.now()
    return services.consultation_open(
        by=None,
        subject="Plan d'action thématique sur l'assainissement 2023-2025",
        text="Premier plan d'action thématique, issu des recommandations du voyage d'étude au Cambodge.",
        opened_on=now - dt.timedelta(hours=1),
        deadline=now + dt.timedelta(days=14),
        tacit_approval=False,
        eligible=Member.objects.filter(slug__in=["hue", "vientiane", "phnom-penh"]),
    )


def log_in(page, email, password):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def test_answers_then_closing_and_the_pdf_record(page, round_open):
    url = f"/consultations/{round_open.pk}/"

    log_in(page, "hue@rvase.example", "demo-hue")
    page.get_by_role("link", name="Consultations").click()
    page.get_by_role("link", name="Plan d'action thématique sur l'assainissement 2023-2025").click()
    page.get_by_label("Approuver avec commentaires").check()
    page.get_by_label("Commentaires, ou motif de l'objection").fill("Associer Can Tho au volet formation.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    assert page.get_by_text("La réponse de Hué a été enregistrée.").is_visible()

    log_in(page, "vientiane@rvase.example", "demo-vientiane")
    page.goto(url)
    page.get_by_label("Objecter").check()
    page.get_by_role("button", name="Envoyer la réponse").click()
    assert page.get_by_text("Une objection doit être motivée.").is_visible()  # the reason is required
    page.get_by_label("Commentaires, ou motif de l'objection").fill("Le budget 2024 n'est pas encore voté.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    assert page.get_by_text("La réponse de Vientiane Capitale a été enregistrée.").is_visible()

    log_in(page, "coordination@rvase.example", "demo-coordination")
    page.goto(url)
    page.get_by_role("button", name="Clore la consultation maintenant").click()
    assert page.get_by_text("La consultation est close").is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").evaluate(
            "link => { link.setAttribute('download', ''); link.click(); }"
        )
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # table cells wrap lines
    assert "Plan d'action thématique sur l'assainissement 2023-2025" in text
    assert "Associer Can Tho au volet formation." in text
    assert "Le budget 2024 n'est pas encore voté." in text
    # 2 of 3 answered (quorum of half reached), 1 of 2 approve = the threshold: validated.
    assert "Validé" in text
