"""Two-step sign-in in a real browser: the coordinator sets it up, logs out, logs in with a code from the app,
then with a recovery code (as after losing the phone)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value

from tests.factories import PASSWORD, CoordinatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_the_app(secret: str, *, step: int = 0) -> str:
    """What an authenticator app shows for `secret` (RFC 6238: 30-second steps, six digits)."""
    return f"{hotp_value(secret, int(time.time()) // 30 + step):06d}"


def log_in_with_the_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.goto("/")
    page.get_by_role("banner").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").is_visible()


def test_the_coordinator_sets_up_two_step_sign_in_and_uses_a_code_then_a_recovery_code(page, settings):
    settings.MFA_REQUIRED_FOR_COORDINATION = True
    coordinator = CoordinatorFactory(email="coordination@rvase.example")

    # The password alone opens nothing of the coordination's: the portal asks to set up the second step.
    log_in_with_the_password(page, coordinator.email)
    page.goto("/admin/")
    page.wait_for_load_state()
    assert "/accounts/" in page.url and "/admin/" not in page.url.split("?")[0]
    if page.get_by_label("Mot de passe").count():  # confirming the password first, as allauth may ask
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Confirmer").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Configurer la connexion en deux étapes").is_visible()
    assert page.get_by_role("img", name="Image à scanner avec l'application d'authentification").is_visible()

    # The key the app would read from the image, typed by hand; then the app's current code.
    secret = page.locator("code.totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Code de l'application").fill(code_from_the_app(secret))
    page.get_by_role("button", name="Activer la connexion en deux étapes").click()
    page.wait_for_load_state()

    # The recovery codes are shown once set up.
    assert page.get_by_role("heading", name="Codes de secours").is_visible()
    recovery_codes = [code.strip() for code in page.locator("ul.recovery-codes code").all_inner_texts()]
    assert len(recovery_codes) == 10

    page.goto("/admin/")
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    assert page.get_by_role("link", name="Membres").first.is_visible()
    log_out(page)

    # Logging in again: the password, then the app's code (the next one: the first was used to set it up).
    log_in_with_the_password(page, coordinator.email)
    assert "/accounts/2fa/authenticate/" in page.url
    page.locator("input[name=code]").fill(code_from_the_app(secret, step=1))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto("/admin/")
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    log_out(page)

    # The phone is lost: a recovery code lets her in once.
    log_in_with_the_password(page, coordinator.email)
    page.locator("input[name=code]").fill(recovery_codes[0])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    page.goto("/admin/")
    page.wait_for_load_state()
    assert page.url.endswith("/admin/")
    log_out(page)

    # The same recovery code does not work twice.
    log_in_with_the_password(page, coordinator.email)
    page.locator("input[name=code]").fill(recovery_codes[0])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.get_by_text("Code incorrect.").is_visible()
    page.goto("/admin/")
    page.wait_for_load_state()
    assert "/admin/" not in page.url.split("?")[0]
