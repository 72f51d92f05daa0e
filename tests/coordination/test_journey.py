"""The coordinator's week in Chromium at 1366 × 900 (issue 16's journey).

Hué's focal point submits news → the coordinator's dashboard shows 1 news awaiting and the e-mail arrived → the
coordinator publishes it from there → the count drops to 0; the coordinator creates an event with three programme
rows in one submit; records a partial payment for Vientiane, whose standing and balance change on the dashboard and
on its page; downloads the receipt and reads its amount with pdftotext.
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from members.models import DuesPayment, DuesYear
from tests.common.test_pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1366, "height": 900}
NEWS = "Hué inaugure sa station de traitement des boues de vidange"


@pytest.fixture
def demo_data(settings):
    call_command("load_rvase_2023", verbosity=0)
    settings.DEBUG = True  # only to let the demo set-up create its accounts
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False
    DuesYear.objects.create(year=timezone.localdate().year, amount=1000)


def logged_in(browser, live_server, email: str, password: str):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=SCREEN, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The admin is served under the site's CSP: nothing on these pages may need an inline script or style.
    page.csp_violations = []
    page.on(
        "console",
        lambda msg: page.csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    return page


def squeezed(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_the_coordinators_week(browser, live_server, demo_data, tmp_path):
    year = timezone.localdate().year

    # Hué's focal point sends news to the coordination.
    hue = logged_in(browser, live_server, "hue@rvase.example", "demo-hue")
    hue.goto("/news/new/")
    hue.get_by_label("Titre (français)").fill(NEWS)
    hue.get_by_label("Texte (français)").fill("La station traite les boues de 12 000 foyers.")
    hue.get_by_role("button", name="Envoyer à la coordination").click()
    hue.wait_for_load_state()
    assert hue.get_by_text("L'actualité a été envoyée à la coordination").is_visible()
    hue.context.close()

    # The coordinator was told at once (the default), and the dashboard says 1 news awaits.
    (message,) = [m for m in mail.outbox if "coordination@rvase.example" in m.to]
    assert message.subject == f"[RVASE] Actualité de Hué à publier : {NEWS}"
    page = logged_in(browser, live_server, "coordination@rvase.example", "demo-coordination")
    page.goto("/admin/")
    fits(page)
    waiting = page.locator("#waiting-news")
    assert squeezed(waiting.inner_text()).startswith("1 actualité à modérer")
    assert page.get_by_role("heading", name="Ce qui vous attend 1").is_visible()

    # Published from there: the dashboard's link leads to the queue, the item, its "Publier" button.
    waiting.get_by_role("link", name="1 actualité à modérer").click()
    page.get_by_role("link", name=NEWS).click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    page.goto("/admin/")
    assert squeezed(page.locator("#waiting-news").inner_text()).startswith("0 actualité à modérer")
    assert page.get_by_role("heading", name="Ce qui vous attend", exact=True).is_visible()

    # An event with three programme rows, in one submit.
    page.get_by_role("link", name="Créer un événement").click()
    fits(page)
    page.locator('input[name="title_fr"]').fill("Atelier régional sur l'assainissement")  # beside title_en
    page.locator('select[name="kind"]').select_option("workshop")
    page.locator('input[name="starts_at_0"]').fill("10/04/2030")
    page.locator('input[name="starts_at_1"]').fill("08:30")
    page.locator('input[name="ends_at_0"]').fill("10/04/2030")
    page.locator('input[name="ends_at_1"]').fill("12:00")
    rows = [("Accueil", "08:30", "09:00"), ("Retours d'expérience", "09:00", "11:00"), ("Conclusions", "", "")]
    for n, (title, start, end) in enumerate(rows):
        page.locator(f'input[name="sessions-{n}-title_fr"]').fill(title)
        page.locator(f'input[name="sessions-{n}-start_time"]').fill(start)
        page.locator(f'input[name="sessions-{n}-end_time"]').fill(end)
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state()
    assert page.locator(".messagelist").get_by_text("Atelier régional sur l'assainissement").is_visible()
    event = Event.objects.get(title="Atelier régional sur l'assainissement")
    assert event.year == 2030 and event.timezone == "Asia/Phnom_Penh"
    assert list(event.sessions.order_by("order").values_list("order", "title")) == [
        (1, "Accueil"),
        (2, "Retours d'expérience"),
        (3, "Conclusions"),
    ]
    page.goto(event.get_absolute_url())
    programme = squeezed(page.locator("main").inner_text())
    assert programme.index("Accueil") < programme.index("Retours d'expérience") < programme.index("Conclusions")

    # Vientiane: nothing recorded yet — "not recorded", not late.
    page.goto("/members/vientiane/")
    assert page.get_by_text(f"Cotisation {year} non renseignée").first.is_visible()
    page.goto("/admin/")
    assert squeezed(page.locator("#dues-not_recorded").inner_text()) == "12 non renseigné"
    assert squeezed(page.locator("#dues-partial").inner_text()) == "0 partiellement payé"

    # A partial payment, recorded from the dashboard.
    page.get_by_role("link", name="Enregistrer un paiement").first.click()
    fits(page)
    page.locator('select[name="member"]').select_option(label="Vientiane Capitale")
    page.get_by_label("Montant").fill("400")
    page.get_by_label("Payé le").fill(timezone.localdate().isoformat())
    page.get_by_label("Mode de paiement").select_option("transfer")
    page.get_by_label("Référence").fill("BCEL 7781")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.wait_for_load_state()
    success = squeezed(page.locator(".messagelist").inner_text())
    assert f"Paiement de 400,00 EUR enregistré pour Vientiane Capitale ({year}) : partiellement payé" in success
    assert "solde 600,00 EUR" in success

    # The receipt, downloaded and read.
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le reçu (PDF)").click()
    path = tmp_path / "recu.pdf"
    download.value.save_as(path)
    receipt = squeezed(pdf_text(path.read_bytes()))
    payment = DuesPayment.objects.get()
    assert f"Reçu de cotisation N° {payment.number}" in receipt
    assert "Montant reçu 400,00 EUR" in receipt and "Vientiane Capitale" in receipt
    assert "Solde après ce paiement 600,00 EUR" in receipt

    # Vientiane's standing and balance changed on the dashboard and on its page.
    page.goto("/admin/")
    assert squeezed(page.locator("#dues-partial").inner_text()) == "1 partiellement payé"
    assert squeezed(page.locator("#dues-not_recorded").inner_text()) == "11 non renseigné"
    balance = squeezed(page.locator("#dues-balance").inner_text())
    assert "Solde restant à payer : 600,00 EUR · reçu : 400,00 EUR" in balance
    page.goto("/members/vientiane/")
    assert page.get_by_text(f"Cotisation {year} partiellement payée : reste 600,00 EUR").first.is_visible()
    page.goto("/admin/members/member/?standing=no")
    assert page.get_by_role("link", name="Vientiane Capitale").is_visible()
    assert not page.csp_violations, page.csp_violations
    page.context.close()


def test_the_review_pages_are_in_the_sites_header_for_the_coordinator(browser, live_server, demo_data):
    page = logged_in(browser, live_server, "coordination@rvase.example", "demo-coordination")
    page.goto("/")
    page.get_by_text("À examiner", exact=True).click()
    for name, path in (
        ("Actualités à publier", "/news/"),
        ("Notes d'avancement à examiner", "/plan/progress/"),
        ("Propositions d'événements", "/events/proposals/"),
        ("Tableau de bord", "/admin/"),
    ):
        assert page.get_by_role("link", name=name).get_attribute("href") == path
    page.get_by_role("link", name="Notes d'avancement à examiner").click()
    page.wait_for_load_state()
    assert page.url.endswith("/plan/progress/")
    page.context.close()
