"""Bad input never gives a 500: a fixed corpus thrown at every query parameter and form field of the site and the
admin, as the coordinator and as a focal point.

The pages come from the resolver (tests/walk.py), the forms and the parameters from the pages as rendered, so a
page or a field added later is fuzzed without editing this file. The corpus is what the security review found
breaking the portal: a NUL character, "²" and "١" (digits to str.isdigit(), not to int()), bytes that are no UTF-8
(a lone surrogate, as CESU-8 writes it), 10 kB of text, line breaks (CR, LF, CRLF).

Every form is sent once per value of the corpus with all its fields holding that value, then once per field with
that field alone holding one value (the values taken in turn), the rest of the form as the page filled it; query
parameters likewise. A form that would delete something (the admin's confirmations) and the logout are left out;
everything else is sent, whatever it does. The numbers of requests and of inputs tried (a field or parameter
holding a value of the corpus) are printed, whether the test passes or not: they are the figure of the issue.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from consultations.models import Consultation
from documents.models import Document
from events.models import HostingCandidature
from members.models import NewsItem
from tests.walk import Form, admin_urls, forms_and_parameters, site_urls

pytestmark = pytest.mark.django_db

# Each value as it is written into a query string or a urlencoded body (percent-encoded bytes).
CORPUS = {
    "NUL": "a%00b",
    "superscript two": "%C2%B2",
    "Arabic-Indic one": "%D9%A1",
    "lone surrogate": "%ED%B3%BF",
    "10 kB": "x" * 10240,
    "CR/LF": "a%0D%0Ab%0Dc%0Ad",
}
# The same for multipart bodies (forms with a file), which carry text: no invalid UTF-8 there.
MULTIPART = {
    "NUL": "a\x00b",
    "superscript two": "²",
    "Arabic-Indic one": "١",
    "lone surrogate": "\ufffd\ufffe",
    "10 kB": "x" * 10240,
    "CR/LF": "a\r\nb\rc\nd",
}
LEFT_OUT_ACTIONS = ("/accounts/logout/", "/admin/logout/")


def quote(value: str) -> str:
    from urllib.parse import quote as url_quote

    return url_quote(value, safe="")


def encoded(pairs: list[tuple[str, str]]) -> str:
    """A query string or urlencoded body; values from CORPUS are already encoded."""
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


def plain(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, quote(value)) for name, value in pairs]


@pytest.fixture
def roles(hostile_network, coordinator):
    # A server error is answered (and counted) rather than raised in the test: the report lists them all.
    coordinator_client, focal_point_client = (
        Client(raise_request_exception=False),
        Client(raise_request_exception=False),
    )
    coordinator_client.force_login(coordinator)
    focal_point_client.force_login(hostile_network["user"])
    return {"coordinator": coordinator_client, "focal point": focal_point_client}


def pages_to_walk() -> dict[str, list[str]]:
    values = {
        "slug": ["hue", "proposition-hue", "atelier-hue"],
        "pk": [
            str(pk)
            for model in (NewsItem, Document, Consultation, HostingCandidature)
            for pk in model.objects.values_list("pk", flat=True)[:1]
        ],
        "year": [str(timezone.localdate().year)],
        "number": ["1"],
        "token": ["a"],
    }
    site = [url for url in site_urls(values) if not url.endswith((".pdf", "/logout/"))]
    admin = [url for url in admin_urls(per_model=1) if not url.endswith("/delete/")]
    return {"coordinator": site + admin, "focal point": site}


def form_key(form: Form) -> tuple:
    """Forms counted once: an admin model's "add" and "change" forms are one, and so are an inline's rows, and a
    form both roles see is sent as the coordinator (walked first)."""
    action = re.sub(r"/(\d+/change|add)/$", "/<object>/", form.action.split("?")[0])
    return (form.method, action, tuple(sorted({row_pattern(name) for name in form.names})))


def row_pattern(name: str) -> str:
    return re.sub(r"-\d+-", "-N-", name)


def fuzzed_fields(form: Form) -> list[str]:
    """Each field of the form, an inline's field taken in its first row only."""
    seen, fields = set(), []
    for name in form.names:
        if name != "csrfmiddlewaretoken" and row_pattern(name) not in seen:
            seen.add(row_pattern(name))
            fields.append(name)
    return fields


def test_no_input_gives_a_server_error(roles, capsys):
    # What each page offers, as each role sees it: forms and query parameters.
    forms: dict[tuple, tuple[str, Form]] = {}
    parameters: dict[tuple[str, str], set[str]] = {}
    pages = []
    for role, urls in pages_to_walk().items():
        for url in urls:
            response = roles[role].get(url)
            assert response.status_code < 500, url
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            pages.append((role, url))
            page_forms, page_parameters = forms_and_parameters(url, response.content.decode())
            for form in page_forms:
                if not form.action.endswith(LEFT_OUT_ACTIONS) and not form.action.endswith("/delete/"):
                    forms.setdefault(form_key(form), (role, form))
            if page_parameters:
                parameters.setdefault((role, url.split("?")[0]), set()).update(page_parameters)

    server_errors: list[str] = []
    requests = inputs = 0
    values = list(CORPUS)

    def check(response, what: str, covered: int) -> None:
        nonlocal requests, inputs
        requests += 1
        inputs += covered
        if response.status_code >= 500:
            server_errors.append(f"{what} → {response.status_code}")

    # Query parameters: every one with each value of the corpus at once, then each alone with one value.
    for index, ((role, path), names) in enumerate(sorted(parameters.items())):
        names = sorted(names)
        for label in values:
            query = encoded([(name, CORPUS[label]) for name in names])
            check(roles[role].get(f"{path}?{query}"), f"{role} GET {path}?{','.join(names)}=<{label}>", len(names))
        for offset, name in enumerate(names):
            label = values[(index + offset) % len(values)]
            check(roles[role].get(f"{path}?{quote(name)}={CORPUS[label]}"), f"{role} GET {path}?{name}=<{label}>", 1)
    # Every page with parameters it does not expect.
    for role, url in pages:
        separator = "&" if "?" in url else "?"
        check(roles[role].get(f"{url}{separator}page=%C2%B2&o=%00&q=%ED%B3%BF&id=%D9%A1"), f"{role} GET {url}+junk", 4)

    # Forms: every field with each value of the corpus at once, then each field alone with one value, the others
    # as the page filled them.
    def send(role: str, form: Form, replaced: dict[str, str], label: str, what: str, covered: int) -> None:
        client = roles[role]
        kept = [(name, value) for name, value in form.fields if name not in replaced]
        if form.method == "get":
            response = client.get(f"{form.action.split('?')[0]}?{encoded([*plain(kept), *replaced.items()])}")
        elif form.multipart:
            data: dict[str, list[str]] = {}
            for name, value in [*kept, *((name, MULTIPART[label]) for name in replaced)]:
                data.setdefault(name, []).append(value)
            response = client.post(form.action, data)
        else:
            body = encoded([*plain(kept), *replaced.items()])
            response = client.post(form.action, body, content_type="application/x-www-form-urlencoded")
        check(response, what, covered)

    for index, (role, form) in enumerate(forms.values()):
        fields = fuzzed_fields(form)
        where = f"{role} {form.method.upper()} {form.action}"
        for label in values:
            send(role, form, dict.fromkeys(fields, CORPUS[label]), label, f"{where} all=<{label}>", len(fields))
        for offset, name in enumerate(fields):
            label = values[(index + offset) % len(values)]
            send(role, form, {name: CORPUS[label]}, label, f"{where} {name}=<{label}>", 1)

    field_count = sum(len(fuzzed_fields(form)) for _role, form in forms.values())
    parameter_count = sum(len(names) for names in parameters.values())
    with capsys.disabled():
        print(
            f"\nFuzz: {len(pages)} pages read; {len(forms)} forms with {field_count} fields and {parameter_count} "
            f"query parameters found; {requests} requests sent, {inputs} hostile inputs tried "
            f"({len(CORPUS)} kinds of value); {len(server_errors)} server errors."
        )
    assert len(pages) > 150 and field_count > 300
    assert not server_errors, "\n".join(server_errors)
