"""Escaping everywhere: hostile values in every field a focal point writes, then every admin page, every preview
(the digest's HTML and text parts, the CSV import's dry run) and every site page, as the coordinator reads them.

A focal point writes: their member's page (description, website, contact e-mail and phone, address, officials'
honorific, name and title), news (title, text, link), event proposals (title, description, venue, city, country),
offers to host (message), documents (title, description, the file's name), progress notes, answers to validation
rounds (comment) and comments on circulated minutes. Each of those fields holds markup here that would run in the
coordinator's browser if any page printed it unescaped — the meta refresh the review used among them.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan.models import ProgressUpdate
from consultations.models import Consultation
from documents.models import Document
from events.models import HostingCandidature
from members.models import Member, NewsItem, Person
from tests.common.conftest import LONG, MARKERS, SHORT
from tests.walk import admin_urls, site_urls

pytestmark = pytest.mark.django_db


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
