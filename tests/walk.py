"""Walking the portal as a tester does: every URL the resolver can produce, with real ids, and the forms and
query parameters each page offers (tests/common/test_hostile_values.py, tests/common/test_fuzz.py).

The URLs come from the resolver, the forms from the pages as rendered: a page or a field added later is walked
without editing the tests.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.contrib import admin
from django.contrib.admindocs.views import extract_views_from_urlpatterns
from django.urls import NoReverseMatch, get_resolver, reverse


def _patterns():
    for _view, regex, namespace, name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        if not name:
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", regex)
        yield ":".join([*(namespace or []), name]), [route or regex_name for route, regex_name in params]


def _reverse_all(name: str, params: list[str], choices: list[list[str]]) -> set[str]:
    urls = set()
    for combination in itertools.product(*choices):
        try:
            urls.add(reverse(name, kwargs=dict(zip(params, combination, strict=True))))
        except NoReverseMatch:
            continue
    return urls


def _admin_model(url_name: str):
    """The model an admin URL name such as "admin:members_member_change" is about, if any."""
    for model in admin.site._registry:
        if url_name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def site_urls(values: dict[str, list[str]]) -> list[str]:
    """Every URL outside the admin, each parameter taken from `values` (a name not given: "1")."""
    urls = set()
    for name, params in _patterns():
        if name.startswith("admin:"):
            continue
        urls |= _reverse_all(name, params, [values.get(param, ["1"]) for param in params])
    return sorted(urls)


def admin_urls(*, per_model: int = 2) -> list[str]:
    """Every admin URL: each model's pages with the ids of its first objects, the apps' index pages."""
    urls = set()
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for name, params in _patterns():
        if not name.startswith("admin:") or name in ("admin:view_on_site", "admin:logout"):
            continue
        model = _admin_model(name)
        choices = []
        for param in params:
            if param == "app_label":
                choices.append(labels)
            elif model is not None:
                ids = [str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:per_model]]
                choices.append(ids or ["1"])
            else:
                choices.append(["1"])
        urls |= _reverse_all(name, params, choices)
    return sorted(urls)


# ---- what a page offers ------------------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) as the browser would send them
    names: list[str] = field(default_factory=list)  # every field a person can fill or choose, in order

    def data(self) -> list[tuple[str, str]]:
        return list(self.fields)


class _PageParser(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(urljoin(self.base, attributes["href"]))
        elif tag == "form":
            self._form = Form(
                action=urljoin(self.base, attributes.get("action") or self.base),
                method=(attributes.get("method") or "get").lower(),
                multipart="multipart" in attributes.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button"):
            name, kind = attributes.get("name"), attributes.get("type", "text" if tag == "input" else "submit").lower()
            if not name or kind in ("file", "image", "reset"):
                return
            if name not in self._form.names:
                self._form.names.append(name)
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind == "submit":
                return  # sent only for the button pressed
            self._form.fields.append((name, attributes.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select, self._select_value, self._select_first = attributes.get("name"), None, None
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self._select_value = value
        elif tag == "textarea":
            self._textarea, self._text = attributes.get("name"), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._select:
            if self._select not in self._form.names:
                self._form.names.append(self._select)
            value = self._select_value if self._select_value is not None else self._select_first
            if value is not None:
                self._form.fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            if self._textarea not in self._form.names:
                self._form.names.append(self._textarea)
            self._form.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def forms_and_parameters(url: str, html: str) -> tuple[list[Form], set[str]]:
    """The forms of a page and the query parameters its own links use (filters, sorting, pages)."""
    parser = _PageParser(url)
    parser.feed(html)
    path = urlsplit(url).path
    parameters = set()
    for link in parser.links:
        parts = urlsplit(link)
        if parts.netloc in ("", "testserver") and parts.path == path:
            parameters |= {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    return parser.forms, parameters
