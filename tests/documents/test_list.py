"""/documents/: filters, pagination, what each row shows, and a query count that does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from tests.factories import (
    MINIMAL_PDF,
    DocumentFactory,
    DocumentVersionFactory,
    EventFactory,
    MemberFactory,
    ThemeFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    hue, vientiane = MemberFactory(name="Hué", slug="hue-test"), MemberFactory(name="Vientiane", slug="vte-test")
    sanitation, tourism = ThemeFactory(name="Assainissement"), ThemeFactory(name="Tourisme")
    conference = EventFactory(title="Conférence GBV", slug="conference-test")
    minutes = DocumentFactory(
        title="Compte rendu Hué",
        category=Document.Category.MINUTES,
        member=hue,
        event=conference,
        language="vi",
        visibility="public",
        published_on=datetime.date(2023, 5, 18),
    )
    minutes.themes.add(sanitation)
    study = DocumentFactory(
        title="Étude tourisme Vientiane",
        category=Document.Category.STUDY,
        member=vientiane,
        language="fr",
        visibility="public",
        published_on=datetime.date(2024, 2, 1),
    )
    study.themes.add(tourism)
    DocumentVersionFactory(document=minutes, number=1)
    return {"hue": hue, "sanitation": sanitation, "conference": conference, "minutes": minutes, "study": study}


@pytest.mark.parametrize(
    "params",
    [
        {"category": "minutes"},
        {"theme": "{sanitation.slug}"},
        {"member": "hue-test"},
        {"event": "conference-test"},
        {"year": "2023"},
        {"language": "vi"},
    ],
)
def test_each_filter_narrows_the_list(client, catalogue, params):
    params = {key: value.format(**catalogue) for key, value in params.items()}
    text = page_text(client.get("/documents/", params))
    assert "Compte rendu Hué" in text
    assert "Étude tourisme Vientiane" not in text


def test_filters_combine_with_the_search(client, catalogue):
    assert "Compte rendu Hué" in page_text(client.get("/documents/", {"q": "hue", "year": "2023"}))
    assert "Compte rendu Hué" not in page_text(client.get("/documents/", {"q": "hue", "year": "2024"}))


def test_a_value_that_is_not_a_choice_is_reported_and_ignored(client, catalogue, english):
    response = client.get("/documents/", {"year": "<b>1999</b>", "category": "x"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Select a valid choice." in text
    assert "Compte rendu Hué" in text and "Étude tourisme Vientiane" in text
    assert "<b>1999</b>" not in response.content.decode()


def test_a_row_shows_the_documents_facts_and_its_download(client, catalogue, english):
    response = client.get("/documents/")
    text = page_text(response)
    size = len(MINIMAL_PDF)
    # French titles nobody translated are shown to an English reader marked as French (issue 21).
    assert (
        f"PDF Compte rendu Hué (en français) Minutes Hué Conférence GBV (en français) May 18, 2023 Vietnamese "
        f"Download · {size} bytes"
    ) in text
    assert "No file yet" in text  # the study has no version
    body = response.content.decode()
    assert f'href="/documents/{catalogue["minutes"].pk}/"' in body
    assert f'href="/documents/{catalogue["minutes"].pk}/download/"' in body


def test_the_filters_offer_the_years_and_a_box_for_the_member_and_the_event(client, catalogue):
    EventFactory(title="Événement sans document", slug="sans-document")
    body = client.get("/documents/").content.decode()
    assert '<option value="2023">2023</option>' in body and '<option value="2024">2024</option>' in body
    # Members and events are typed (with suggestions), never listed one <option> each.
    assert "Événement sans document" not in body and 'value="conference-test"' not in body
    assert (
        '<input type="text" name="event" maxlength="100" autocomplete="off" data-suggest="/events/suggest.json"' in body
    )
    assert (
        '<input type="text" name="member" maxlength="100" autocomplete="off" data-suggest="/members/suggest.json"'
        in body
    )


def test_the_list_is_paginated_by_25_and_keeps_the_filters(client, english):
    DocumentFactory.create_batch(30, visibility="public", category="report")
    first = client.get("/documents/", {"category": "report"})
    text = page_text(first)
    assert "30 documents" in text and "Page 1 of 2" in text
    assert text.count("No file yet") == 25
    assert 'href="?category=report&amp;page=2"' in first.content.decode()
    second = page_text(client.get("/documents/", {"category": "report", "page": "2"}))
    assert second.count("No file yet") == 5
    # A page number out of range or not a number gives a page, not an error.
    assert client.get("/documents/", {"page": "999"}).status_code == 200
    assert client.get("/documents/", {"page": "x"}).status_code == 200


def make_documents(count: int):
    member, event, theme = MemberFactory(), EventFactory(), ThemeFactory()
    for number in range(count):
        document = DocumentFactory(
            title=f"Rapport {number}", member=member, event=event, visibility="public", description="boues"
        )
        document.themes.add(theme)
        DocumentVersionFactory(document=document, number=1)


# session, user, groups, person, member; filter choices (themes, members, events, years); count, page,
# current versions; the upload button.
LIST_QUERY_BUDGET = 14


@pytest.mark.parametrize("params", [{}, {"q": "boues"}, {"q": "rapport", "category": "other", "year": "2023"}])
def test_the_list_query_count_does_not_grow_with_the_data(member_client, django_assert_max_num_queries, params):
    make_documents(3)
    with CaptureQueriesContext(connection) as few:
        member_client.get("/documents/", params)
    assert len(few) <= LIST_QUERY_BUDGET
    make_documents(40)
    with django_assert_max_num_queries(len(few)):
        assert "Rapport" in page_text(member_client.get("/documents/", params))


def test_the_document_page_query_count_does_not_grow_with_versions(member_client, django_assert_max_num_queries):
    document = DocumentFactory(visibility="members", member=MemberFactory(), event=EventFactory())
    document.themes.add(ThemeFactory(), ThemeFactory())
    DocumentVersionFactory(document=document, number=1)
    with CaptureQueriesContext(connection) as few:
        member_client.get(f"/documents/{document.pk}/")
    for number in range(2, 12):
        DocumentVersionFactory(document=document, number=number)
    with django_assert_max_num_queries(len(few)):
        assert "Version 11" in page_text(member_client.get(f"/documents/{document.pk}/"))
