"""Search that understands French: stemming, accents, ranking, prefixes; hostile strings are harmless."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from documents import search
from documents.models import Document
from documents.search import SEARCH_INDEX, search_documents
from documents.selectors import documents_visible_to
from tests.factories import DocumentFactory, DocumentVersionFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(db):
    documents = {
        "gbv": DocumentFactory(
            title="Présentations de la conférence thématique",
            description="Gestion des boues de vidange en Asie du Sud-Est, projets FSM des villes.",
            visibility=Document.Visibility.PUBLIC,
        ),
        "boues_title": DocumentFactory(
            title="Plan d'action boues de vidange 2023-2025", visibility=Document.Visibility.PUBLIC
        ),
        "hue": DocumentFactory(
            title="Compte rendu de la mission à Hué", description="Visite technique.", visibility="public"
        ),
        "phnom_penh": DocumentFactory(
            title="Réunion annuelle 2023", description="Tenue à Phnom Penh le 18 mai 2023.", visibility="public"
        ),
        "tourism": DocumentFactory(title="Tourisme durable à Luang Prabang", visibility="public"),
        "secret": DocumentFactory(
            title="Budget des boues de vidange (interne)", visibility=Document.Visibility.COORDINATION
        ),
    }
    for document in documents.values():
        DocumentVersionFactory(document=document, number=1)
    return documents


def found(text: str, user=None) -> list[str]:
    queryset = search_documents(documents_visible_to(user=user or AnonymousUser()), text)
    return list(queryset.values_list("title", flat=True))


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    assert search.is_full_text()


def test_boue_finds_boues_de_vidange(archive):
    titles = found("boue")
    assert archive["gbv"].title in titles
    assert archive["boues_title"].title in titles
    assert archive["tourism"].title not in titles


def test_hue_without_accent_finds_hue_with_one(archive):
    assert found("hue") == [archive["hue"].title]
    assert found("HUÉ") == [archive["hue"].title]


def test_phnom_finds_phnom_penh(archive):
    assert found("Phnom") == [archive["phnom_penh"].title]
    assert found("phnom penh") == [archive["phnom_penh"].title]


def test_a_word_in_the_title_ranks_above_one_in_the_description(archive):
    titles = found("boues")
    assert titles.index(archive["boues_title"].title) < titles.index(archive["gbv"].title)


def test_the_start_of_a_word_is_enough(archive):
    assert found("Phn") == [archive["phnom_penh"].title]
    assert archive["tourism"].title in found("touris")


def test_websearch_syntax_phrase_and_exclusion(archive):
    assert found('"boues de vidange" -plan') == [archive["gbv"].title]


def test_search_never_shows_what_the_reader_may_not_see(archive, coordinator):
    assert archive["secret"].title not in found("budget")
    assert archive["secret"].title in found("budget", user=coordinator)


HOSTILE = [
    "'",
    '"',
    "\\",
    "&|!():*<>",
    "'); DROP TABLE documents_document; --",
    "boue:* & !",
    "%_%",
    "a" * 10_000,
    "<script>alert(1)</script>",
    "😀 ភ្នំពេញ ວຽງຈັນ",
    "\u202e\u200b",
    "de la le",  # only stop words
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_strings_are_harmless(client, archive, text):
    client.cookies["django_language"] = "en"
    response = client.get("/documents/", {"q": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert Document.objects.count() == len(archive)


def test_a_nul_character_is_reported_not_a_crash(client, archive):
    client.cookies["django_language"] = "en"
    response = client.get("/documents/", {"q": "boue\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in page_text(response)


def test_the_search_string_is_given_back_escaped(client, archive):
    response = client.get("/documents/", {"q": '"><script>alert(1)</script>'})
    body = response.content.decode()
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body


def test_the_search_on_the_list_page(client, archive):
    client.cookies["django_language"] = "en"
    text = page_text(client.get("/documents/", {"q": "boue"}))
    assert "2 documents · best matches first" in text
    assert archive["gbv"].title in text and archive["boues_title"].title in text
    assert archive["tourism"].title not in text
    text = page_text(client.get("/documents/", {"q": "introuvable"}))
    assert "No document matches this search." in text


def test_sqlite_falls_back_to_a_plain_contains_search(archive, monkeypatch):
    monkeypatch.setattr(search, "is_full_text", lambda: False)
    assert set(found("boues de")) == {archive["gbv"].title, archive["boues_title"].title}
    assert found("Phnom Penh") == [archive["phnom_penh"].title]
    assert found("zzz") == []


def test_the_gin_index_serves_the_search(archive):
    queryset = search_documents(documents_visible_to(user=AnonymousUser()), "boue")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows here: make the planner show it can use it
    plan = queryset.explain()
    assert SEARCH_INDEX in plan, plan
