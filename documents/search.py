"""Full-text search of the archive.

On PostgreSQL: Document.search_vector, a stored generated tsvector column (title weighted A,
description B) in the `french_unaccent` configuration — French stemming after unaccent, created by
migration 0002 — so that "boue" finds "boues de vidange" and "hue" finds "Hué". It is computed once
when a row is written, indexed by the GIN index `documents_search_idx`, and read as it is for
ranking (SearchRank), so a search never recomputes to_tsvector row by row.
On SQLite (`make run`): the column holds an empty string, and the search is a plain
case-insensitive "contains" on the title and the description.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils.translation import get_language

SEARCH_CONFIG = "french_unaccent"
# English texts (the `_en` columns of translated fields, issue 21) are searched with PostgreSQL's English stemming.
ENGLISH_SEARCH_CONFIG = "english"
SEARCH_INDEX = "documents_search_idx"
MAX_QUERY_LENGTH = 200
MAX_PREFIX_WORDS = 8
WORD = re.compile(r"[^\W_]+")
# Quotes, "-word" and "or" are websearch operators: then the words are taken as typed, without prefixes.
OPERATORS = re.compile(r'"|(?:^|\s)-\S|\bor\b', re.IGNORECASE)


class DocumentSearchVector(Func):
    """The expression of the generated column: a weighted French tsvector on PostgreSQL, '' on SQLite."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return "''", []


def clean_query(text: str) -> str:
    """What is left of a search string once control characters (NUL included) are dropped."""
    text = "".join(char if char.isprintable() else " " for char in str(text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_query(text: str, config: str = SEARCH_CONFIG) -> SearchQuery:
    """The words as typed (websearch syntax: "quoted phrase", or, -word), or each word as a prefix.

    websearch_to_tsquery never fails on odd input. The prefix query is built only from words made of
    letters and digits, each quoted, so nothing a visitor types can break to_tsquery's syntax either.
    """
    query = SearchQuery(text, search_type="websearch", config=config)
    words = WORD.findall(text)[:MAX_PREFIX_WORDS]
    if words and not OPERATORS.search(text):
        prefixes = " & ".join(f"'{word[:50]}':*" for word in words)
        query |= SearchQuery(prefixes, search_type="raw", config=config)
    return query


def english_vector() -> SearchVector:
    """The English title and summary, weighted as the stored French vector weighs the French."""
    return SearchVector("title_en", weight="A", config=ENGLISH_SEARCH_CONFIG) + SearchVector(
        "description_en", weight="B", config=ENGLISH_SEARCH_CONFIG
    )


def is_full_text() -> bool:
    return connection.vendor == "postgresql"


def search_documents(queryset: QuerySet, text: str) -> QuerySet:
    """Documents matching `text`, best first on PostgreSQL, newest first on SQLite."""
    text = clean_query(text)
    if not text:
        return queryset
    if is_full_text():
        query = search_query(text)
        if get_language() == "fr":
            # French readers search the stored, indexed French vector alone (the GIN index serves it).
            return (
                queryset.filter(search_vector=query)
                .annotate(rank=SearchRank(F("search_vector"), query))
                .order_by("-rank", "-published_on", "title")
            )
        english = search_query(text, config=ENGLISH_SEARCH_CONFIG)
        return (
            queryset.annotate(english_vector=english_vector())
            .filter(Q(search_vector=query) | Q(english_vector=english))
            .annotate(rank=Greatest(SearchRank(F("search_vector"), query), SearchRank(F("english_vector"), english)))
            .order_by("-rank", "-published_on", "title")
        )
    return queryset.filter(
        Q(title_fr__icontains=text)
        | Q(description_fr__icontains=text)
        | Q(title_en__icontains=text)
        | Q(description_en__icontains=text)
    )
