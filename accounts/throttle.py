"""Login throttling that an attacker cannot turn against the network's people.

Only *failed* attempts are counted, and a login that would succeed is refused only when the client making it has
itself failed too often — never because someone elsewhere hammers the same account (OWASP's "device cookies"):

- per client address and account: a few wrong passwords for one account from one address, then that address
  may no longer try that account for a while;
- per client address: many wrong passwords from one address, whatever the accounts (password spraying);
- per account, from browsers the account never logged in from: a generous bound on guesses spread over many
  addresses. A successful password reset lifts it (allauth calls the adapter when a reset succeeds);
- a browser in which the account logged in before carries a signed "trusted browser" cookie for it and is held
  only to its own count: the owner logs in from their usual browser while the account is under attack.

The client's address is REMOTE_ADDR unless settings.ALLAUTH_TRUSTED_PROXY_COUNT names how many proxies of our
own stand in front (then the address those proxies saw, from X-Forwarded-For); by default no proxy is trusted
and X-Forwarded-For changes nothing. Each failure and each refusal is logged with the account and the address.
Counts live in the cache (Redis in production): two fixed windows per rate, so a burst is remembered for at most
twice the rate's period.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

logger = logging.getLogger("accounts.login")

TRUSTED_BROWSER_COOKIE = "rvase_trusted_browser"
TRUSTED_BROWSER_SALT = "accounts.trusted-browser"
TRUSTED_BROWSER_DAYS = 180
TRUSTED_ACCOUNTS_PER_BROWSER = 4


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """ "5/15m" → 5 per 900 seconds (s, m, h, d)."""
        amount, _, period = text.partition("/")
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        number = period[:-1] or "1"
        return cls(int(amount), int(float(number) * units[period[-1]]))


def rates() -> dict[str, Rate]:
    return {
        "account-client": Rate.parse(settings.LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT),
        "client": Rate.parse(settings.LOGIN_FAILURES_PER_CLIENT),
        "account": Rate.parse(settings.LOGIN_FAILURES_PER_ACCOUNT),
        "browser": Rate.parse(settings.LOGIN_FAILURES_PER_TRUSTED_BROWSER),
    }


# ---- who is asking -------------------------------------------------------------------------------------------------


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one our own trusted proxies saw (ALLAUTH_TRUSTED_PROXY_COUNT)."""
    from allauth.core.internal.httpkit import get_client_ip

    try:
        address = get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer addresses in X-Forwarded-For than trusted proxies: the request did not come through them all.
        address = None
    return address or request.META.get("REMOTE_ADDR") or "unknown"


def account_key(login: str) -> str:
    return " ".join(str(login or "").split()).lower()[:254]


def _account_digest(login: str) -> str:
    return salted_hmac(TRUSTED_BROWSER_SALT, account_key(login), algorithm="sha256").hexdigest()[:32]


def trusted_browser(request, login: str) -> str | None:
    """The id of this browser if the account logged in from it before (its signed cookie says so), else None."""
    value = request.COOKIES.get(TRUSTED_BROWSER_COOKIE)
    if not value:
        return None
    try:
        entries = signing.loads(value, salt=TRUSTED_BROWSER_SALT, max_age=TRUSTED_BROWSER_DAYS * 86400)
    except signing.BadSignature:
        return None
    digest = _account_digest(login)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
            return str(entry[1])
    return None


def trusted_browser_cookie(request, login: str) -> str:
    """The cookie's new value after `login` logged in from this browser: this account first, a few others kept."""
    digest = _account_digest(login)
    kept = []
    value = request.COOKIES.get(TRUSTED_BROWSER_COOKIE)
    if value:
        try:
            entries = signing.loads(value, salt=TRUSTED_BROWSER_SALT, max_age=TRUSTED_BROWSER_DAYS * 86400)
        except signing.BadSignature:
            entries = []
        kept = [entry for entry in entries if isinstance(entry, list) and len(entry) == 2 and entry[0] != digest]
    entries = [[digest, trusted_browser(request, login) or secrets.token_hex(16)], *kept]
    return signing.dumps(entries[:TRUSTED_ACCOUNTS_PER_BROWSER], salt=TRUSTED_BROWSER_SALT)


# ---- counting ------------------------------------------------------------------------------------------------------


def _scopes(request, login: str) -> list[tuple[str, str]]:
    """The counters an attempt is held to: (rate name, what is counted)."""
    browser = trusted_browser(request, login)
    if browser is not None:
        return [("browser", browser)]
    address, account = client_address(request), account_key(login)
    return [("account-client", f"{account}|{address}"), ("client", address), ("account", account)]


def _keys(scope: str, ident: str, rate: Rate, now: float) -> tuple[str, str]:
    digest = hashlib.sha256(f"{scope}|{ident}".encode()).hexdigest()[:40]
    window = int(now // rate.seconds)
    return (
        f"accounts:login-failures:{digest}:{rate.seconds}:{window}",
        f"accounts:login-failures:{digest}:{rate.seconds}:{window - 1}",
    )


def refusal(request, *, login: str) -> str | None:
    """Which limit this attempt is past ("account-client", "client", "account" or "browser"), or None."""
    now = time.time()
    all_rates = rates()
    scopes = _scopes(request, login)
    keys = {scope: _keys(scope, ident, all_rates[scope], now) for scope, ident in scopes}
    counts = cache.get_many([key for pair in keys.values() for key in pair])
    for scope, pair in keys.items():
        if sum(int(counts.get(key) or 0) for key in pair) >= all_rates[scope].amount:
            logger.warning(
                "Refused a login for %r from %s: too many failed attempts (%s).",
                account_key(login),
                client_address(request),
                scope,
            )
            return scope
    return None


def record_failure(request, *, login: str) -> None:
    """A wrong password (or unknown account) for `login` from this client."""
    now = time.time()
    all_rates = rates()
    for scope, ident in _scopes(request, login):
        key = _keys(scope, ident, all_rates[scope], now)[0]
        timeout = 2 * all_rates[scope].seconds
        if not cache.add(key, 1, timeout=timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=timeout)
    logger.warning("Failed login for %r from %s.", account_key(login), client_address(request))


def clear_account(request, *, login: str) -> None:
    """The password was reset from the e-mail: lift the account's own limits (not the addresses')."""
    now = time.time()
    all_rates = rates()
    account = account_key(login)
    keys = [
        *_keys("account", account, all_rates["account"], now),
        *_keys("account-client", f"{account}|{client_address(request)}", all_rates["account-client"], now),
    ]
    cache.delete_many(keys)
