"""Escaping everywhere: hostile values in every field a focal point writes, then every admin page, every preview
(the digest's HTML and text parts, the CSV import's dry run) and every site page, as the coordinator reads them.

A focal point writes: their member's page (description, website, contact e-mail and phone, address, officials'
honorific, name and title), news (title, text, link), event proposals (title, description, venue, city, country),
offers to host (message), documents (title, description, the file's name), progress notes, answers to validation
rounds (comment) and comments on circulated minutes. Each of those fields holds markup here that would run in the
coordinator's browser if any page printed it unescaped — the meta refresh the review used among them.
"""

import datetime

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan.models import ProgressUpdate
from consultations.models import Consultation, Response, ResponseChange
from digest.models import Digest
from documents.models import Document
from events.models import Event, HostingCandidature
from members.models import Member, NewsItem, Person
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    EventFactory,
    FocalPointFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)
from tests.walk import admin_urls, site_urls

pytestmark = pytest.mark.django_db

LONG = (
    '"><script>alert("rvase")</script><meta http-equiv="refresh" content="0;url=https://198.51.100.7/">'
    "<img src=x onerror=alert(1)>"
)
SHORT = '"><svg onload=alert(1)>'
# What would act in a page if printed as it is.
MARKERS = ['<script>alert("rvase")', '<meta http-equiv="refresh"', "<img src=x onerror", "<svg onload=alert(1)>"]


def hostile(model, name: str, suffix: str = "") -> str:
    """The payload for one field, within its length."""
    limit = model._meta.get_field(name).max_length
    for payload in (LONG + suffix, SHORT + suffix):
        if limit is None or len(payload) <= limit:
            return payload
    raise AssertionError(f"{model.__name__}.{name} is too short for a payload")


def fill(instance, *names: str, suffix: str = "") -> None:
    """Write the payload into these fields as stored, as a bypassed or future form might let it through."""
    values = {name: hostile(type(instance), name, suffix) for name in names}
    type(instance)._default_manager.filter(pk=instance.pk).update(**values)


def minutes_models():
    for label in ("minutes", "events"):  # the minutes may live in their own app
        try:
            return apps.get_model(label, "Minutes"), apps.get_model(label, "MinutesComment")
        except LookupError:
            continue
    raise LookupError("Minutes")


@pytest.fixture
def hostile_network(db, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    month = month.replace(day=1)  # last month: its digest can be sent
    in_month = timezone.make_aware(datetime.datetime(month.year, month.month, 10, 9))

    member = MemberFactory(slug="hue", name="Hué")
    fill(member, "description", "website", "email", "phone", "address")
    user = UserFactory(email="fp@hue.example")
    focal_point = FocalPointFactory(member=member, person=PersonFactory(member=member, user=user, email=user.email))
    official = PersonFactory(member=member, is_official=True)
    fill(official, "honorific", "full_name", "title")

    for status, suffix in ((NewsItem.Status.PUBLISHED, ""), (NewsItem.Status.SUBMITTED, " 2")):
        news = NewsItem.objects.create(
            member=member,
            author=user,
            title="x",
            text="x",
            status=status,
            published_at=in_month if status == NewsItem.Status.PUBLISHED else None,
            submitted_at=in_month,
        )
        fill(news, "title", "text", "link", suffix=suffix)

    proposal = EventFactory(
        slug="proposition-hue",
        host_member=member,
        proposed_by=user,
        publication=Event.Publication.PROPOSED,
        starts_at=in_month,
        ends_at=in_month + datetime.timedelta(hours=2),
        year=in_month.year,
    )
    fill(proposal, "title", "description", "place", "city", "country_name")
    published = EventFactory(
        slug="atelier-hue",
        host_member=member,
        starts_at=in_month + datetime.timedelta(days=40),
        ends_at=in_month + datetime.timedelta(days=40, hours=2),
    )
    fill(published, "title", "description", "place", "city", suffix=" 2")

    candidature = HostingCandidature.objects.create(
        member=member, year=timezone.localdate().year + 1, submitted_by=user
    )
    fill(candidature, "message")

    document = DocumentFactory(member=member, visibility=Document.Visibility.MEMBERS)
    fill(document, "title", "description")
    version = DocumentVersionFactory(document=document, number=1)
    fill(version, "original_name")

    action = ActionFactory()
    action.members.add(member)
    note = ProgressUpdate.objects.create(action=action, author=user, text="x", proposed_status="done")
    fill(note, "text")

    consultation = Consultation.objects.create(
        subject="Feuille de route", opened_on=in_month, deadline=timezone.now() + datetime.timedelta(days=5)
    )
    consultation.eligible_members.add(member)
    response = Response.objects.create(
        consultation=consultation, member=member, answer="object", comment="x", answered_by=user, answered_at=in_month
    )
    fill(response, "comment")
    change = ResponseChange.objects.create(
        consultation=consultation, member=member, answer="object", comment="x", answered_by=user, answered_at=in_month
    )
    fill(change, "comment")

    minutes_model, comment_model = minutes_models()
    minutes = minutes_model.objects.create(event=published, status="circulated")
    comment = comment_model.objects.create(minutes=minutes, author=user, text="x")
    fill(comment, "text", "proposed_text")

    digest = Digest.objects.create(month=month)
    return {"member": member, "focal_point": focal_point, "digest": digest, "user": user}


def unescaped(response) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    body = response.content.decode("utf-8", "replace")
    return [marker for marker in MARKERS if marker in body]


def test_every_admin_page_and_preview_shows_hostile_values_escaped(coordinator_client, hostile_network):
    digest, person = hostile_network["digest"], hostile_network["focal_point"].person
    urls = admin_urls()
    urls += [
        f"/admin/digest/digest/{digest.pk}/preview/?recipient={person.pk}",
        f"/admin/digest/digest/{digest.pk}/preview/html/?recipient={person.pk}",
        f"/admin/digest/digest/{digest.pk}/send/",
        *(f"{url}?q={LONG}" for url in urls if url.endswith("/") and url.count("/") == 4),  # searches
    ]
    problems, server_errors, seen = [], [], 0
    for url in urls:
        response = coordinator_client.get(url)
        seen += 1
        if response.status_code >= 500:
            server_errors.append(url)
        problems += [f"{url}: {marker}" for marker in unescaped(response)]
    # The digest preview shows the news (the text part as it is sent): the payload is there, escaped.
    preview = coordinator_client.get(f"/admin/digest/digest/{digest.pk}/preview/?recipient={person.pk}")
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in preview.content.decode()
    html_part = coordinator_client.get(f"/admin/digest/digest/{digest.pk}/preview/html/?recipient={person.pk}")
    assert "&lt;script&gt;alert(" in html_part.content.decode()
    assert seen > 150
    assert not server_errors, server_errors
    assert not problems, "\n".join(problems)


def test_the_csv_import_preview_shows_hostile_values_escaped(coordinator_client, hostile_network):
    content = (
        "slug,name,local_name,kind,country,is_aimf_member,email,phone,website,description\n"
        f'pursat,"{LONG}","{SHORT}",province,KH,true,,"{SHORT}",,"{LONG}"\n'
    ).encode()
    response = coordinator_client.post(
        "/admin/members/member/import/",
        {"import_file": SimpleUploadedFile("m.csv", content, "text/csv"), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "&lt;script&gt;alert(" in response.content.decode()
    assert not unescaped(response)


@pytest.mark.parametrize("role", ["coordinator", "focal_point", "visitor"])
def test_every_site_page_shows_hostile_values_escaped(client, coordinator, hostile_network, role):
    if role == "coordinator":
        client.force_login(coordinator)
    elif role == "focal_point":
        client.force_login(hostile_network["user"])
    values = {
        "slug": ["hue", "proposition-hue", "atelier-hue", *Member.objects.values_list("slug", flat=True)[:1]],
        "pk": [
            str(pk)
            for pk in [
                *NewsItem.objects.values_list("pk", flat=True),
                *Document.objects.values_list("pk", flat=True),
                *Consultation.objects.values_list("pk", flat=True),
                *HostingCandidature.objects.values_list("pk", flat=True),
                *ProgressUpdate.objects.values_list("pk", flat=True),
                *Person.objects.values_list("pk", flat=True)[:1],
            ]
        ],
        "year": [str(timezone.localdate().year)],
        "number": ["1"],
    }
    problems, server_errors = [], []
    for url in site_urls(values):
        if url.endswith(("/logout/", ".pdf")):
            continue
        response = client.get(url)
        if response.status_code >= 500:
            server_errors.append(url)
        problems += [f"{url}: {marker}" for marker in unescaped(response)]
    assert not server_errors, server_errors
    assert not problems, "\n".join(problems)
