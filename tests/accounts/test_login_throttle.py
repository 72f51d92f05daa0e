"""Login throttling that cannot be turned against the network's people (accounts/throttle.py).

The figures of the issue: 50 wrong passwords for the coordinator from 10 addresses; then the coordinator logs in
from another address in her usual browser; the attacker's 51st attempt is refused, even with the right password,
from one of its addresses or from a new one; a spoofed X-Forwarded-For changes nothing unless a proxy is trusted.
"""

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from accounts import throttle
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

WRONG = "sont incorrects"  # allauth's "The email address and/or password you specified are not correct."
REFUSED = "Trop de tentatives de connexion à ce compte depuis cet endroit"
ATTACKER_ADDRESSES = [f"198.51.100.{n}" for n in range(1, 11)]


def attempt(client: Client, email: str, password: str, address: str, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def coordinator_email(db):
    return CoordinatorFactory(email="coordination@rvase.example").email


@pytest.fixture
def coordinators_browser(coordinator_email):
    """The coordinator's usual browser: she logged in from the office once, then logged out."""
    browser = Client()
    attempt(browser, coordinator_email, PASSWORD, "203.0.113.10")
    assert logged_in(browser)
    browser.post("/accounts/logout/")
    assert throttle.TRUSTED_BROWSER_COOKIE in browser.cookies
    return browser


def hammer(email: str, *, addresses=ATTACKER_ADDRESSES, per_address: int = 5) -> list[str]:
    """Wrong passwords for `email`, `per_address` from each address; what each answer said."""
    answers = []
    for address in addresses:
        attacker = Client()
        for n in range(per_address):
            text = page_text(attempt(attacker, email, f"guess-{address}-{n}", address))
            answers.append("wrong" if WRONG in text else "refused" if REFUSED in text else text[:200])
    return answers


def test_the_owner_gets_in_while_50_wrong_passwords_from_10_addresses_are_refused_after_them(
    coordinator_email, coordinators_browser
):
    answers = hammer(coordinator_email)
    # All 50 were real attempts, answered "wrong password": none of them was throttled.
    assert answers == ["wrong"] * 50

    # The coordinator, at home (another address), in her usual browser, with her password: she is in.
    response = attempt(coordinators_browser, coordinator_email, PASSWORD, "192.0.2.44")
    assert response.status_code == 302
    assert logged_in(coordinators_browser)

    # The attacker's 51st attempt is refused before the password is even checked — here the right one —
    # from one of its addresses, and from a new one.
    for address in (ATTACKER_ADDRESSES[0], "198.51.100.200"):
        attacker = Client()
        response = attempt(attacker, coordinator_email, PASSWORD, address)
        assert REFUSED in page_text(response)
        assert not logged_in(attacker)


def test_the_limit_of_one_address_does_not_touch_the_others(coordinator_email):
    assert hammer(coordinator_email, addresses=["198.51.100.1"], per_address=6) == ["wrong"] * 5 + ["refused"]
    # The same account from another address, with a browser it never logged in from: still in.
    colleague = Client()
    assert attempt(colleague, coordinator_email, PASSWORD, "198.51.100.2").status_code == 302
    assert logged_in(colleague)


def test_a_spoofed_x_forwarded_for_changes_nothing_without_the_proxy_setting(coordinator_email, caplog):
    hammer(coordinator_email, addresses=["198.51.100.1"])
    attacker = Client()
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        for n in range(20):
            response = attempt(
                attacker, coordinator_email, PASSWORD, "198.51.100.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
            )
            assert REFUSED in page_text(response)
    assert not logged_in(attacker)
    refusals = [record.getMessage() for record in caplog.records if record.getMessage().startswith("Refused")]
    assert len(refusals) == 20
    assert all("from 198.51.100.1:" in message and "203.0.113" not in message for message in refusals)


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(coordinator_email, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # One attacker behind the proxy uses up its attempts…
    attacker = Client()
    for n in range(6):
        attempt(attacker, coordinator_email, f"guess-{n}", proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert REFUSED in page_text(
        attempt(attacker, coordinator_email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    )
    # …and the coordinator, behind the same proxy from her own address, is not held to the attacker's count.
    colleague = Client()
    assert attempt(colleague, coordinator_email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 302
    # What the client put before the proxy's own entry is not trusted: only the last address counts.
    spoofer = Client()
    response = attempt(spoofer, coordinator_email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="192.0.2.8, 198.51.100.7")
    assert REFUSED in page_text(response)


def test_failures_are_logged_with_the_account_and_the_address(coordinator_email, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.login"):
        attempt(Client(), "Coordination@RVASE.example", "wrong", "198.51.100.9")
        attempt(Client(), "nobody@rvase.example", "wrong", "198.51.100.10")
    messages = [record.getMessage() for record in caplog.records if record.name == "accounts.login"]
    assert messages == [
        "Failed login for 'coordination@rvase.example' from 198.51.100.9.",
        "Failed login for 'nobody@rvase.example' from 198.51.100.10.",
    ]


def test_an_address_trying_many_accounts_is_refused_for_all(db):
    emails = [UserFactory(email=f"person{n}@example.org").email for n in range(31)]
    attacker = Client()
    answers = [page_text(attempt(attacker, email, "Password1!", "198.51.100.50")) for email in emails]
    assert sum(WRONG in text for text in answers) == 30
    assert REFUSED in answers[-1]


def test_the_reset_e_mail_lifts_the_accounts_limit(coordinator_email):
    hammer(coordinator_email, addresses=[f"198.51.100.{n}" for n in range(1, 21)], per_address=3)
    # A browser the coordinator never used is held to the account's limit (50 failures): refused.
    new_browser = Client()
    assert REFUSED in page_text(attempt(new_browser, coordinator_email, PASSWORD, "192.0.2.77"))
    # She asks for the reset e-mail and chooses a new password: the account's limit is lifted.
    new_browser.post("/accounts/password/reset/", {"email": coordinator_email}, REMOTE_ADDR="192.0.2.77")
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = new_browser.get(path, REMOTE_ADDR="192.0.2.77", follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    new_password = "une nouvelle phrase de passe 2026"
    response = new_browser.post(
        form_url, {"password1": new_password, "password2": new_password}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 302
    assert attempt(new_browser, coordinator_email, new_password, "192.0.2.77").status_code == 302
    assert logged_in(new_browser)


def test_a_trusted_browser_is_held_to_its_own_count(coordinator_email, coordinators_browser):
    answers = []
    for n in range(11):
        answers.append(page_text(attempt(coordinators_browser, coordinator_email, f"typo-{n}", "192.0.2.44")))
    assert sum(WRONG in text for text in answers) == 10
    assert REFUSED in answers[-1]


def test_a_forged_trusted_browser_cookie_is_ignored(coordinator_email):
    hammer(coordinator_email)
    forger = Client()
    forger.cookies[throttle.TRUSTED_BROWSER_COOKIE] = "W1siYWJjIiwiZGVmIl1d:forged:signature"
    assert REFUSED in page_text(attempt(forger, coordinator_email, PASSWORD, "198.51.100.99"))
