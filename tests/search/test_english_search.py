"""English text is searchable with English stemming; French full-text search keeps working (issue 21)."""

import pytest
from django.test import Client

from tests.search.test_search import search

pytestmark = pytest.mark.django_db


def test_english_words_find_the_english_text(english, rvase_2023):
    page = search(english, "sludge")
    assert "Thematic conference on faecal sludge management (GBV)" in page
    # English stemming: "contacting" is found by "contact".
    assert "Contacting the member cities and their focal points" in search(english, "contact member cities")


def test_french_words_still_find_the_french_text(english, rvase_2023):
    french = Client()  # a reader who did not choose English (`english` is the test client with the cookie)
    assert "Conférence thématique sur la gestion des boues de vidange (GBV)" in search(french, "boue")
    # An English reader searching in French finds the row too, shown in English.
    assert "Thematic conference on faecal sludge management (GBV)" in search(english, "boues de vidange")
