"""Walk every URL pattern the project defines, as a visitor, and check DESIGN.md's promises.

The patterns come from the resolver, so URLs added later are walked without editing this file.
A visitor may read public pages; anything else must send them to the login page, or answer
403, 404 or 405, and no page a visitor can read may show members-only content.
"""

import datetime
import itertools
import re

import pytest
from django.contrib.admindocs.views import extract_views_from_urlpatterns
from django.urls import NoReverseMatch, get_resolver, reverse

from documents.models import Document
from events.models import Event
from members.models import Member
from tests.common.test_pdf import pdf_text
from tests.factories import DocumentFactory, EventFactory, FocalPointFactory, PersonFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/members/",
    "/members/hue/",
    "/plan/",
    "/plan/2023/",
    "/plan/2023/actions/1/",
    "/events/",
    "/events/reunion-annuelle-2023/",
    "/documents/",
    "/healthz",
    "/accounts/login/",
    "/search/?q=boues",
    "/open-data/",
    "/open-data/actions.csv",
    "/open-data/events.json",
    "/news/feed/",
    "/news/feed/themes/assainissement/",
    "/plan/themes/assainissement/",
]
# Searches a visitor may try for what is not theirs to read: the walk checks their results like any page.
VISITOR_SEARCHES = [
    "/search/?q=interne",
    "/search/?q=r%C3%A9serv%C3%A9e+aux+membres",
    "/search/?q=coordination+seulement",
    "/search/?q=Afin+d%27%C3%AAtre+int%C3%A9gr%C3%A9s",
    "/search/?q=secret-focal-point",
    "/search/?q=interne&kind=documents",
    "/search/?q=interne&kind=events",
    "/search/?q=activit%C3%A9s&kind=decisions",
]
SECRETS = [
    "secret-focal-point@hue.example",
    "Réunion interne réservée aux membres",
    "Note interne réservée aux membres",
    "Note de la coordination seulement",
    # The 2023 minutes are for members: their roadmap conclusions (those on the network's working, the deck's
    # account of how it works, are public on /about/).
    "Accord cadre à chercher avec CGLU-ASPAC",
]


@pytest.fixture
def members_only_content(rvase_2023):
    hue = Member.objects.get(slug="hue")
    FocalPointFactory(
        member=hue,
        person=PersonFactory(member=hue, email="secret-focal-point@hue.example"),
        is_primary=False,
    )
    EventFactory(
        slug="reunion-interne",
        title="Réunion interne réservée aux membres",
        visibility=Event.Visibility.MEMBERS,
        host_member=hue,
        starts_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2099, 1, 2, tzinfo=datetime.UTC),
        year=2099,
    )
    DocumentFactory(title="Note interne réservée aux membres", visibility=Document.Visibility.MEMBERS)
    DocumentFactory(title="Note de la coordination seulement", visibility=Document.Visibility.COORDINATION)


def candidate_values():
    return {
        "slug": list(Member.objects.values_list("slug", flat=True))
        + list(Event.objects.values_list("slug", flat=True)),
        "year": ["2023"],
        "number": ["1"],
        "pk": [str(pk) for pk in Document.objects.values_list("pk", flat=True)] + ["1"],
        "id": ["1"],
        "object_id": ["1"],
        "app_label": ["members"],
        "uidb36": ["1"],
        # allauth's password-reset key, and the open-data datasets.
        "key": ["set-password", "actions", "action-history", "members", "events", "roadmap", "roadmap-milestones"],
        "url": ["members/member/"],
        "content_type_id": ["1"],
        "extension": ["csv", "json"],
    }


def walk_urls():
    """Every concrete URL the project can produce from its patterns, with real ids and slugs."""
    values = candidate_values()
    urls = set()
    for _view, regex, namespace, name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        if not name:
            continue
        full_name = ":".join([*(namespace or []), name])
        # path() routes name their parameters <converter:name>, re_path() ones (?P<name>…).
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", regex)
        params = [route_name or regex_name for route_name, regex_name in params]
        choices = [values.get(param, ["1"]) for param in params]
        for combination in itertools.product(*choices):
            try:
                urls.add(reverse(full_name, kwargs=dict(zip(params, combination, strict=True))))
            except NoReverseMatch:
                continue
    return sorted(urls)


def test_walker_reaches_the_stable_interfaces(members_only_content):
    urls = walk_urls()
    assert len(urls) > 50
    for url in [
        "/members/hue/",
        "/events/reunion-interne/",
        "/plan/2023/actions/1/",
        "/healthz",
        "/me/",
        "/search/",
        "/open-data/",
        "/open-data/events.csv",
        "/news/feed/members/hue/",
    ]:
        assert url in urls


def visible_text(response) -> str:
    """What the visitor reads: a page's text, a PDF's text (pdftotext), a streamed open-data file whole."""
    if response.streaming:
        content = b"".join(response.streaming_content)
        return pdf_text(content) if response["Content-Type"] == "application/pdf" else content.decode()
    if response["Content-Type"] == "application/pdf":
        return pdf_text(response.content)
    return page_text(response)


def test_a_visitor_gets_only_what_design_md_allows(client, members_only_content):
    problems = []
    for url in walk_urls() + VISITOR_SEARCHES:
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        status = response.status_code
        if status == 200:
            body = visible_text(response)
            problems += [f"{url} shows {secret!r}" for secret in SECRETS if secret in body]
            if url.startswith("/admin/") and not final.startswith("/accounts/login/"):
                problems.append(f"{url} lets a visitor reach {final}")
        elif status not in (403, 404, 405):
            problems.append(f"{url} answered {status}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_are_open_to_visitors(client, rvase_2023, url):
    assert client.get(url).status_code == 200


def test_members_only_content_is_shown_to_members(member_client, members_only_content):
    events = member_client.get("/events/").content.decode()
    assert "Réunion interne réservée aux membres" in events
    assert member_client.get("/events/reunion-interne/").status_code == 200
    documents = member_client.get("/documents/").content.decode()
    assert "Note interne réservée aux membres" in documents
    assert "Note de la coordination seulement" not in documents
    minutes = page_text(member_client.get("/events/reunion-annuelle-2023/"))
    assert "Accord cadre à chercher avec CGLU-ASPAC" in minutes
    hue = member_client.get("/members/hue/").content.decode()
    assert "secret-focal-point@hue.example" in hue


def test_a_visitor_is_sent_to_the_login_page_for_a_members_only_document(client, members_only_content):
    document = Document.objects.get(visibility=Document.Visibility.MEMBERS)
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
