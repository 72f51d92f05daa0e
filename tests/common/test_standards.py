"""Every page of the site, as a visitor, a member, a focal point and the coordinator see it, checked by tools nobody
on the project wrote: axe-core (WCAG 2.1 AA and its best practices) in Chromium, the Nu HTML Checker (vnu.jar) on
the HTML as served, and the meta description a search engine and Lighthouse read.

The URLs come from the resolver (tests/walk.py), with the ids of the 2023 record and of a few rows a focal point
adds (news, a proposal, an offer to host, a progress note, a validation round), so a page added later is walked
without editing this file. The admin's own pages are Django's and out of scope. One browser, one context per role;
the walk runs once for the module and each test reads its findings.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from tests.walk import site_urls

# One walk of the site for the module's tests: in a parallel run (`make test`), they all go to one worker.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("standards-walk")]

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ROLES = ["visitor", "member", "focal_point", "coordinator"]
# Pages that are not pages: files, feeds, and what only answers a POST.
NOT_PAGES = re.compile(r"(\.(pdf|ics|csv|json|xml|svg|png|jpg)$|/feed/|/download/|/logo/|/image/|/logout/)")
# Searches and filters a reader uses, beside the resolver's URLs.
AXE_PER_VIEW = 3
EXTRA_URLS = ["/search/?q=assainissement", "/search/?q=boues&kind=documents", "/members/?country=KH"]


@dataclass
class Visit:
    role: str
    url: str  # as asked
    final: str  # after redirects
    status: int
    html: str
    violations: list[dict] = field(default_factory=list)
    axe: bool = False  # axe ran on it

    @property
    def where(self) -> str:
        return f"{self.role} {self.url}" + (f" → {self.final}" if self.final != self.url else "")


def _users():
    from accounts.models import User

    return {
        "visitor": None,
        "member": User.objects.get(email="membre@rvase.example"),
        "focal_point": User.objects.get(email="hue@rvase.example"),
        "coordinator": User.objects.get(email="coordination@rvase.example"),
    }


def _network_at_work(users) -> dict[str, list[str]]:
    """What a focal point and the coordinator add to the 2023 record, so that every page has something to show;
    the values the walk puts in each URL parameter."""
    from actionplan.models import Action, ProgressUpdate, Project, Theme
    from consultations.models import Consultation
    from documents.models import Document
    from events.models import Event, HostingCandidature
    from members.models import Member, NewsItem
    from tests.factories import DocumentVersionFactory, EventFactory, NewsItemFactory

    hue = Member.objects.get(slug="hue")
    focal_point = users["focal_point"]
    now = timezone.now()
    news = NewsItemFactory(member=hue, author=focal_point, title="Hué trie ses déchets", published_at=now)
    NewsItemFactory(
        member=hue, author=focal_point, title="Hué plante des arbres", status="submitted", published_at=None
    )
    EventFactory(
        slug="atelier-propose-par-hue",
        title="Atelier proposé par Hué",
        host_member=hue,
        proposed_by=focal_point,
        publication=Event.Publication.PROPOSED,
        starts_at=now + datetime.timedelta(days=60),
        ends_at=now + datetime.timedelta(days=60, hours=3),
        year=(now + datetime.timedelta(days=60)).year,
    )
    HostingCandidature.objects.create(member=hue, year=now.year + 1, submitted_by=focal_point, message="Hué propose.")
    action = Action.objects.filter(members=hue).order_by("pk").first() or Action.objects.order_by("pk").first()
    ProgressUpdate.objects.create(action=action, author=focal_point, text="Le tri a commencé.", proposed_status="done")
    consultation = Consultation.objects.create(
        subject="Feuille de route Smart Cities", opened_on=now, deadline=now + datetime.timedelta(days=10)
    )
    consultation.eligible_members.add(*Member.objects.all())
    document = Document.objects.filter(versions__isnull=False).order_by("pk").first()
    if document is None:
        document = DocumentVersionFactory(document__title="Compte rendu", document__member=hue).document
    slugs = {
        "members": set(Member.objects.values_list("slug", flat=True)),
        "events": set(Event.objects.values_list("slug", flat=True)),
        "themes": set(Theme.objects.values_list("slug", flat=True)),
        "projects": set(Project.objects.values_list("slug", flat=True)),
    }
    values = {
        "slug": sorted(set().union(*slugs.values())),
        "year": ["2023"],
        "number": ["1"],
        "pk": sorted(
            {
                str(pk)
                for pk in [
                    news.pk,
                    *NewsItem.objects.values_list("pk", flat=True),
                    document.pk,
                    consultation.pk,
                    *HostingCandidature.objects.values_list("pk", flat=True),
                    *ProgressUpdate.objects.values_list("pk", flat=True),
                    *Event.objects.filter(publication=Event.Publication.PROPOSED).values_list("pk", flat=True),
                ]
            }
        ),
    }
    return values, slugs


# Which slugs a page's address takes (a name not listed takes every slug): a member's slug in an event's address is a
# 404 the walk need not ask for a hundred times.
SLUG_OF = {
    "members": "members",
    "events": "events",
    "minutes": "events",
    "actionplan:theme": "themes",
    "actionplan:project": "projects",
    "actionplan:project-progress": "projects",
    "news:theme-feed": "themes",
    "events:theme-feed": "themes",
    "news:member-feed": "members",
    "events:member-feed": "members",
}


def _plausible(urls: list[str], slugs: dict[str, set[str]]) -> list[str]:
    kept = []
    for url in urls:
        match = resolve(url.split("?")[0])
        kind = SLUG_OF.get(match.view_name) or SLUG_OF.get(match.namespace)
        if "slug" not in match.kwargs or kind is None or match.kwargs["slug"] in slugs[kind]:
            kept.append(url)
    return kept


def _pages(request, base: str, urls: list[str]) -> list[tuple[str, str, int, str]]:
    """(url, final url, status, html) of each URL that is an HTML page, fetched with the role's cookies, one per final
    page: a page reached by several URLs (the login page, the 404 page) is checked once."""
    seen, pages = set(), []
    for url in urls:
        if NOT_PAGES.search(url.split("?")[0]):
            continue
        response = request.get(url)
        if not response.headers.get("content-type", "").startswith("text/html") or response.status == 405:
            continue
        final = response.url.removeprefix(base)
        key = re.sub(r"[?&]next=[^&]*", "", final) if response.status == 200 else response.status
        if key in seen:
            continue
        seen.add(key)
        pages.append((url, final, response.status, response.text()))
    return pages


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, live_server, browser):
    """Visit every page once per role, through the live server; return the visits with axe's violations."""
    assert AXE.exists() and VNU.exists(), "axe-core and vnu-jar are missing: run `make node-tools`"
    # The blocker is process-wide: lifted for the whole walk, which the live server's threads serve.
    with django_db_blocker.unblock():
        call_command("load_rvase_2023", verbosity=0)
        with override_debug():
            call_command("create_demo_accounts", verbosity=0)
        users = _users()
        values, slugs = _network_at_work(users)
        urls = _plausible(site_urls(values), slugs) + EXTRA_URLS
        sessions = {}
        for role, user in users.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies["sessionid"].value
        connections.close_all()  # nothing of the set-up stays open: the live server's threads do the rest
        try:
            yield _browse(browser, live_server.url, urls, sessions)
        finally:
            call_command("flush", interactive=False, verbosity=0)
            connections.close_all()


def _browse(browser, base: str, urls: list[str], sessions: dict[str, str]) -> list[Visit]:
    """One browser, one context per role. axe runs on at most AXE_PER_VIEW pages of each view and role (the twelve
    members' edit forms are one template); every page's HTML is kept for the Nu checker and the descriptions."""
    visits: list[Visit] = []
    started = time.monotonic()
    # The session's browser (tests/conftest.py): a second Playwright in the same process would find its loop taken.
    for role in ROLES:
        context = browser.new_context(base_url=base, locale="fr-FR")
        if role in sessions:
            context.add_cookies([{"name": "sessionid", "value": sessions[role], "url": base}])
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.set_default_timeout(30_000)
        checked_by_view: dict[str, int] = {}
        for url, final, status, html in _pages(context.request, base, urls):
            visit = Visit(role=role, url=url, final=final, status=status, html=html)
            view = resolve(final.split("?")[0]).view_name if status == 200 else str(status)
            if checked_by_view.get(view, 0) < AXE_PER_VIEW:
                checked_by_view[view] = checked_by_view.get(view, 0) + 1
                page.goto(url)
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                visit.violations, visit.axe = result["violations"], True
            visits.append(visit)
        context.close()
    print(f"walk: {len(visits)} pages in {time.monotonic() - started:.0f} s")
    return visits


class override_debug:
    """The demo accounts are refused with DEBUG off: turned on for their creation only, as tests/conftest.py does."""

    def __enter__(self):
        self.debug, settings.DEBUG = settings.DEBUG, True

    def __exit__(self, *exc):
        settings.DEBUG = self.debug


def test_axe_finds_no_violation_on_any_page_for_any_role(walk):
    counts = {role: [0, 0, 0] for role in ROLES}  # pages walked, pages axe ran on, violations
    problems = []
    for visit in walk:
        counts[visit.role][0] += 1
        counts[visit.role][1] += visit.axe
        for violation in visit.violations:
            counts[visit.role][2] += len(violation["nodes"])
            for node in violation["nodes"]:
                problems.append(
                    f"{visit.where}: {violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}"
                    f" — {violation['help']}"
                )
    summary = ", ".join(
        f"{role}: {pages} pages, axe on {checked}, {found} violations"
        for role, (pages, checked, found) in counts.items()
    )
    print(f"axe: {summary}")
    server_errors = [visit.where for visit in walk if visit.status >= 500]
    assert not server_errors, server_errors
    assert all(checked > 20 for _pages, checked, _found in counts.values()), summary
    assert not problems, f"{summary}\n" + "\n".join(problems)


def test_the_nu_html_checker_finds_no_error_on_any_page(walk, tmp_path):
    """The HTML as the server sent it, every page of every role, checked by vnu.jar in one run."""
    files = {}
    for number, visit in enumerate(walk):
        path = tmp_path / f"{number:04d}.html"
        path.write_text(visit.html)
        files[path.name] = visit
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--no-langdetect", "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / name) for name in sorted(p.name for p in tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(checked.stderr)["messages"]
    problems = []
    for message in messages:
        visit = files.get(message.get("url", "").rsplit("/", 1)[-1])
        where = visit.where if visit else message.get("url", "vnu")
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        problems.append(f"{where}, line {line}: {message['message']} — {extract}")
    print(f"vnu: {len(files)} pages, {len(problems)} errors")
    assert len(files) > 100
    assert not problems, f"{len(problems)} errors on {len(files)} pages\n" + "\n".join(problems)


META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
CANONICAL = re.compile(r'<link rel="canonical" href="https?://[^/"]+([^"]*)">')


def test_every_page_has_a_description_of_its_own(walk):
    """A non-empty meta description (what a search engine shows under the title), one per page."""
    missing, pages_by_description = [], {}
    for visit in walk:
        found = META_DESCRIPTION.findall(visit.html)
        description = " ".join(found[0].split()) if len(found) == 1 else ""
        if not description:
            missing.append(f"{visit.where}: {len(found)} meta descriptions, {description!r}")
            continue
        # A page is its address without the query (a search, a filter), or the address it names as its own.
        canonical = CANONICAL.findall(visit.html)
        page = canonical[0] if canonical else visit.final.split("?")[0] if visit.status == 200 else visit.status
        pages_by_description.setdefault(description, set()).add(page)
    shared = [
        f"{sorted(map(str, pages))} share {text!r}" for text, pages in pages_by_description.items() if len(pages) > 1
    ]
    assert not missing, "\n".join(missing)
    assert not shared, "\n".join(shared)
