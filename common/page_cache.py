"""Whole pages for visitors, from the cache: the same page for every anonymous reader is rendered once.

A view opts in with ``@visitor_page(shows=("members", "events"))``, naming the apps whose rows the page shows.
``VisitorPageCacheMiddleware`` then answers an anonymous GET from the cache, keyed by the path and query, the
language, the reader's time zone cookie, the format asked for (Accept), the host and the day; the entry is stored
with the version tokens (common.cache) of the apps the page shows, and is stale as soon as one of them changes:
any save or delete of a row of those apps renews its token (``renew_app_tokens``, connected in common.apps), so a
published news item or an edited action is on the next request. Entries also expire after PAGE_CACHE_SECONDS, for
what changes with time alone ("upcoming" events becoming past ones).

Never cached: a logged-in reader's page, a reader with messages waiting, a response that sets a cookie or carries
a CSRF token (its form would hold another reader's token), anything but a 200 to a GET, a response that says
no-store or private, or varies on more than the key holds. Each entry keeps its gzip form too: a cached page is
compressed once, not on each request (no secret in it: BREACH has nothing to find).
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.timezone import localdate

from .cache import current_token, renew_tokens

PAGE_CACHE_SECONDS = 10 * 60
TOKEN_PREFIX = "pages:app:"
# Headers a cached response may vary on: the key holds them (Cookie: the language and time zone cookies).
ALLOWED_VARY = {"cookie", "accept-encoding", "accept-language"}
TIMEZONE_COOKIE = "rvase_tz"
# The apps whose rows visitors' pages show; a save or delete of a row of another app (a session, a login, a
# delivery of the digest) renews nothing.
CONTENT_APPS = frozenset({"members", "actionplan", "events", "minutes", "documents", "consultations"})
ALL_CONTENT = tuple(sorted(CONTENT_APPS))
_ZONE = re.compile(r"^[A-Za-z_/+-]{1,40}$")


def visitor_page(*, shows: Iterable[str]):
    """Mark a view's page as the same for every visitor, showing rows of the apps `shows` (app labels)."""
    apps = tuple(sorted(set(shows)))
    unknown = set(apps) - CONTENT_APPS
    if unknown:
        raise ValueError(f"Not content apps: {sorted(unknown)}")

    def decorate(view):
        view.visitor_page_shows = apps
        return view

    return decorate


def token_key(app_label: str) -> str:
    return TOKEN_PREFIX + app_label


def renew_app_tokens(app_labels: Iterable[str]) -> None:
    """Every cached page showing rows of these apps is stale from now (and again after the commit)."""
    renew_tokens(token_key(label) for label in set(app_labels) & CONTENT_APPS)


def row_changed(sender, **kwargs) -> None:
    """post_save, post_delete: a row of a content app changed."""
    label = getattr(getattr(sender, "_meta", None), "app_label", None)
    if label in CONTENT_APPS:
        renew_app_tokens([label])


def rows_linked(sender, action: str, model=None, **kwargs) -> None:
    """m2m_changed: the link table's app, and the linked model's."""
    if action in ("post_add", "post_remove", "post_clear"):
        labels = {getattr(getattr(sender, "_meta", None), "app_label", None)}
        labels.add(getattr(getattr(model, "_meta", None), "app_label", None))
        renew_app_tokens(label for label in labels if label)


class VisitorPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apps = self._cacheable_apps(request)
        if apps is None:
            return self.get_response(request)
        key = self._key(request)
        token_keys = [token_key(label) for label in apps]
        found = cache.get_many([*token_keys, key])
        tokens = tuple(found.get(name) for name in token_keys)
        entry = found.get(key)
        if entry is not None and None not in tokens and entry[0] == tokens:
            return self._replay(request, entry)
        if None in tokens:
            tokens = tuple(found.get(name) or current_token(name) for name in token_keys)
        response = self.get_response(request)
        if self._storable(request, response) and all(tokens):
            body = response.content
            entry = (tokens, response.status_code, self._headers(response), body, gzip.compress(body, 6, mtime=0))
            cache.set(key, entry, PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return response

    # ---- what may be cached ----

    @staticmethod
    def _cacheable_apps(request) -> tuple[str, ...] | None:
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        apps = getattr(match.func, "visitor_page_shows", None)
        if apps is None:
            return None
        if request.user.is_authenticated or _has_messages(request):
            return None
        return apps

    @staticmethod
    def _storable(request, response) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        if _has_messages(request) or request.user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if "no-store" in cache_control or "private" in cache_control or "no-cache" in cache_control:
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        return vary <= ALLOWED_VARY and not response.has_header("Content-Encoding")

    @staticmethod
    def _headers(response) -> list[tuple[str, str]]:
        skip = {"content-length", "set-cookie", "x-page-cache"}
        return [(name, value) for name, value in response.items() if name.lower() not in skip]

    @staticmethod
    def _key(request) -> str:
        zone = request.COOKIES.get(TIMEZONE_COOKIE, "")
        accept = request.headers.get("Accept", "")
        wanted = "json" if "application/json" in accept and "text/html" not in accept else "html"
        parts = [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
            zone if _ZONE.match(zone) else "",
            wanted,
            localdate().isoformat(),
        ]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
        return f"pages:page:{digest}"

    @staticmethod
    def _replay(request, entry) -> HttpResponse:
        _tokens, status, headers, body, zipped = entry
        compressed = "gzip" in request.headers.get("Accept-Encoding", "").lower()
        response = HttpResponse(zipped if compressed else body, status=status)
        for name, value in headers:
            response.headers[name] = value
        if compressed:
            response.headers["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        response.headers["X-Page-Cache"] = "hit"
        return response


def _has_messages(request) -> bool:
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return True
    session = getattr(request, "session", None)
    if session is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    return bool(session.get("_messages"))
