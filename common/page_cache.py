"""Whole pages from the cache: the same page for every anonymous reader is rendered once; a logged-in reader's
page once for them until what it shows changes.

A view opts in with ``@visitor_page(shows=("members", "events"))``, naming the apps whose rows the page shows.
``VisitorPageCacheMiddleware`` then answers an anonymous GET from the cache, keyed by the path and query, the
language, the reader's time zone cookie, the format asked for (Accept), the host and the day; the entry is stored
with the version tokens (common.cache) of the apps the page shows, and is stale as soon as one of them changes:
any save or delete of a row of those apps renews its token (``renew_app_tokens``, connected in common.apps), so a
published news item or an edited action is on the next request. Entries also expire after PAGE_CACHE_SECONDS, for
what changes with time alone ("upcoming" events becoming past ones).

A logged-in reader's pages (``ReaderPageCacheMiddleware``, placed after the two-step sign-in's gate) are kept too,
but each for **one reader alone**: the key holds their session and their CSRF cookie, so no page is ever served to
another person, another role, another browser of the same person, or a visitor — what a page shows a member
(members-only documents, their member's dues, the edit links of a focal point, their name and their logout form's
token) stays theirs by construction, not by a list of what may differ. Such an entry is stale as soon as one of the
page's apps changes, or the reader's account (their user, person or member, their groups: the token of
``common.cache.user_token_key``), and is kept for PAGE_CACHE_SECONDS at most. It is compressed on each answer by
GZipMiddleware (with its BREACH padding: the page holds a token), not stored compressed.

Never in the visitors' cache: a logged-in reader's page, a reader with messages waiting, a response that sets a
cookie or carries a CSRF token (its form would hold another reader's token), anything but a 200 to a GET, a
response that says no-store or private, or varies on more than the key holds. Each visitors' entry keeps its gzip
form too: a cached page is compressed once, not on each request (no secret in it: BREACH has nothing to find).
Never in a reader's cache: a page shown with messages, one that sets a cookie or changes the session, one whose
CSRF token is not of the reader's cookie (a browser without one is given one first), a no-store answer.
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

from .cache import current_token, renew_tokens, user_token_key

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


def _page_marker(attribute: str, shows: Iterable[str]):
    """A decorator setting `attribute` on the view to the sorted content apps `shows` (refusing any other app)."""
    apps = tuple(sorted(set(shows)))
    unknown = set(apps) - CONTENT_APPS
    if unknown:
        raise ValueError(f"Not content apps: {sorted(unknown)}")

    def decorate(view):
        setattr(view, attribute, apps)
        return view

    return decorate


def visitor_page(*, shows: Iterable[str]):
    """Mark a view's page as the same for every visitor, showing rows of the apps `shows` (app labels)."""
    return _page_marker("visitor_page_shows", shows)


def reader_page(*, shows: Iterable[str]):
    """Mark a logged-in reader's own page (not a visitor's) as kept for that reader, showing rows of the apps `shows`.

    The page may say no-store to browsers: the copy is kept on the server, for the reader's session alone."""
    return _page_marker("reader_page_shows", shows)


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
        if _has_messages(request) or _messages_shown(request) or request.user.is_authenticated:
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


class ReaderPageCacheMiddleware(VisitorPageCacheMiddleware):
    """A logged-in reader's pages, each kept for their own session and CSRF cookie (see the module's docstring)."""

    def __call__(self, request):
        apps = self._cacheable_apps(request)
        if apps is None:
            return self.get_response(request)
        key = self._key(request)
        token_keys = [token_key(label) for label in apps] + [user_token_key(request.user.pk)]
        found = cache.get_many([*token_keys, key])
        tokens = tuple(found.get(name) for name in token_keys)
        entry = found.get(key)
        if entry is not None and None not in tokens and entry[0] == tokens:
            return self._replay(request, entry)
        if None in tokens:
            tokens = tuple(found.get(name) or current_token(name) for name in token_keys)
        response = self.get_response(request)
        if self._storable(request, response) and all(tokens):
            entry = (tokens, response.status_code, self._headers(response), response.content)
            cache.set(key, entry, PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _cacheable_apps(request) -> tuple[str, ...] | None:
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return None
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME) or not request.COOKIES.get(settings.CSRF_COOKIE_NAME):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        apps = getattr(match.func, "reader_page_shows", None) or getattr(match.func, "visitor_page_shows", None)
        if apps is None or _has_messages(request):
            return None
        return apps

    @staticmethod
    def _storable(request, response) -> bool:
        if request.method != "GET" or response.status_code != 200 or response.streaming:
            return False
        # A cookie set, or the session changed, by the page: it did more than show something.
        if response.cookies or getattr(request.session, "modified", False):
            return False
        if _has_messages(request) or _messages_shown(request):
            return False
        # The page's CSRF tokens are of the secret in the reader's cookie (part of the key), not of a new one.
        if request.META.get("CSRF_COOKIE") != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
            return False
        own_page = getattr(resolve(request.path_info).func, "reader_page_shows", None) is not None
        if "no-store" in response.get("Cache-Control", "").lower() and not own_page:
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        return vary <= ALLOWED_VARY and not response.has_header("Content-Encoding")

    def _key(self, request) -> str:
        reader = "\x1f".join(
            [
                super()._key(request),
                str(request.user.pk),
                request.COOKIES[settings.SESSION_COOKIE_NAME],
                request.COOKIES[settings.CSRF_COOKIE_NAME],
            ]
        )
        return f"pages:reader:{hashlib.sha256(reader.encode()).hexdigest()[:40]}"

    @staticmethod
    def _replay(request, entry) -> HttpResponse:
        _tokens, status, headers, body = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response.headers[name] = value
        response.headers["X-Page-Cache"] = "hit"
        return response


def _messages_shown(request) -> bool:
    """Messages added during this request and shown by its page (the storage was read through): not for replay."""
    storage = getattr(request, "_messages", None)
    return storage is not None and bool(getattr(storage, "used", False) or getattr(storage, "_queued_messages", ()))


def _has_messages(request) -> bool:
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return True
    session = getattr(request, "session", None)
    if session is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    return bool(session.get("_messages"))
