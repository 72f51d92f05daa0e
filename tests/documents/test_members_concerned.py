"""A network document concerns members without belonging to any (issue 15, point 3): its page lists them as links,
each member's page and the list's member filter find it, a visitor never sees a members-only one, and it grants the
concerned members' focal points no right on it."""

import datetime

import pytest
from django.test import Client

from documents.models import Document
from tests.factories import DocumentFactory, FocalPointFactory, MemberFactory, UserFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    kampot = MemberFactory(name="Kampot test", slug="kampot-test")
    hue = MemberFactory(name="Hué test", slug="hue-test")
    elsewhere = MemberFactory(name="Ailleurs test", slug="ailleurs-test")
    minutes = DocumentFactory(
        title="Compte rendu réseau",
        category=Document.Category.MINUTES,
        visibility=Document.Visibility.MEMBERS,
        published_on=datetime.date(2023, 5, 31),
    )
    minutes.members_concerned.set([kampot, hue])
    plan = DocumentFactory(
        title="Plan réseau",
        category=Document.Category.ACTION_PLAN,
        visibility=Document.Visibility.PUBLIC,
        published_on=datetime.date(2023, 5, 18),
    )
    plan.members_concerned.set([hue])
    # Hué's own study, which also concerns Hué: found once, not twice.
    own = DocumentFactory(title="Étude de Hué", member=hue, visibility="public", published_on=datetime.date(2024, 1, 1))
    own.members_concerned.set([hue])
    return {"kampot": kampot, "hue": hue, "elsewhere": elsewhere, "minutes": minutes, "plan": plan, "own": own}


def test_the_document_page_lists_the_members_concerned_as_links_in_both_languages(client, network):
    plan, hue = network["plan"], network["hue"]
    response = client.get(plan.get_absolute_url())
    html = response.content.decode()
    assert f'<a href="{hue.get_absolute_url()}">Hué test</a>' in html
    text = page_text(response)
    assert "Membres concernés Hué test" in text
    # A network document: no member owns it.
    assert "Membre L'ensemble du réseau" in text
    client.cookies["django_language"] = "en"
    assert "Members concerned Hué test" in page_text(client.get(plan.get_absolute_url()))


def test_a_document_concerning_nobody_shows_no_such_line(client, network):
    alone = DocumentFactory(title="Note seule", visibility="public")
    assert "Membres concernés" not in page_text(client.get(alone.get_absolute_url()))


def test_the_members_page_lists_the_documents_concerning_it_a_visitor_only_the_public_ones(member_client, network):
    client = Client()  # a visitor (the `client` fixture is the one `member_client` logs in)
    visitor = page_text(client.get(network["kampot"].get_absolute_url()))
    assert "Compte rendu réseau" not in visitor
    member_page = page_text(member_client.get(network["kampot"].get_absolute_url()))
    assert "Compte rendu réseau" in member_page and "Plan réseau" not in member_page
    hue = page_text(client.get(network["hue"].get_absolute_url()))
    assert "Plan réseau" in hue and "Étude de Hué" in hue and "Compte rendu réseau" not in hue
    assert hue.count("Étude de Hué") == 1
    elsewhere = page_text(member_client.get(network["elsewhere"].get_absolute_url()))
    assert "Compte rendu réseau" not in elsewhere and "Plan réseau" not in elsewhere


def test_the_member_filter_finds_the_documents_that_belong_to_or_concern_the_member(member_client, network):
    client = Client()
    for value in ("hue-test", "Hué"):
        text = page_text(member_client.get("/documents/", {"member": value}))
        assert "Compte rendu réseau" in text and "Plan réseau" in text and "Étude de Hué" in text, value
        assert text.count("Étude de Hué") == 1
    text = page_text(member_client.get("/documents/", {"member": "kampot-test"}))
    assert "Compte rendu réseau" in text and "Plan réseau" not in text and "Étude de Hué" not in text
    # A visitor never sees the members-only one, whatever the filter.
    text = page_text(client.get("/documents/", {"member": "kampot-test"}))
    assert "Compte rendu réseau" not in text
    text = page_text(client.get("/documents/", {"member": "ailleurs-test"}))
    assert "Plan réseau" not in text and "Compte rendu réseau" not in text


def test_being_concerned_grants_no_right_on_the_document(client, network):
    """Only the member a document belongs to has its focal point add versions; a concerned member's does not."""
    focal_point = FocalPointFactory(member=network["hue"], person__user=UserFactory()).person.user
    client.force_login(focal_point)
    plan_page = client.get(network["plan"].get_absolute_url()).content.decode()
    assert "/versions/new/" not in plan_page and 'enctype="multipart/form-data"' not in plan_page
    response = client.post(f"/documents/{network['plan'].pk}/versions/new/", {})
    assert response.status_code in (403, 404, 405)
    own_page = client.get(network["own"].get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in own_page


def test_the_coordinator_types_the_members_concerned_in_the_admin(admin_client, network):
    html = admin_client.get(f"/admin/documents/document/{network['minutes'].pk}/change/").content.decode()
    start = html.index('name="members_concerned"')
    select = html[html.rindex("<select", 0, start) : html.index("</select>", start)]
    assert "admin-autocomplete" in select
    # Only the chosen members are in it, not every member.
    assert "Kampot test" in select and "Hué test" in select
    assert "Ailleurs test" not in select
