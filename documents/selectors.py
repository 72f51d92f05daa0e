from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from common.cache import cached_with_token
from common.page_cache import token_key
from members.models import Member

from . import permissions
from .models import Document, DocumentVersion


def visibilities_for(*, user) -> list[str]:
    return permissions.visibilities_for(user)


def documents_visible_to(*, user) -> QuerySet[Document]:
    return (
        Document.objects.filter(visibility__in=visibilities_for(user=user))
        .select_related("member", "event")
        .defer("search_vector")  # the search reads it in the database; pages never need it
        .order_by("-published_on", "title")
    )


def document_list(*, user) -> QuerySet[Document]:
    return documents_visible_to(user=user)


def documents_of_member(documents: QuerySet[Document], *, members) -> QuerySet[Document]:
    """The documents that belong to one of the members (a list or a query of them) or concern one of them: each
    document once, whatever the match."""
    concerning = Document.members_concerned.through.objects.filter(document=OuterRef("pk"), member__in=members)
    return documents.filter(Q(member__in=members) | Exists(concerning))


def with_current_versions(documents) -> list[Document]:
    """The page's documents, each with `current_version` (or None), in one query whatever the page size.

    Done after pagination rather than as subqueries in the list query, where PostgreSQL would
    evaluate them for every matching row before sorting by rank.
    """
    documents = list(documents)
    current: dict[int, DocumentVersion] = {}
    versions = DocumentVersion.objects.filter(document__in=[document.pk for document in documents]).only(
        "pk", "document_id", "number", "content_type", "size"
    )
    for version in versions:
        if version.document_id not in current or version.number > current[version.document_id].number:
            current[version.document_id] = version
    for document in documents:
        document.current_version = current.get(document.pk)
    return documents


def document_for_page(*, pk: int) -> Document | None:
    """A document with what its page shows: themes, event, member, members concerned and every version with its
    uploader."""
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    return (
        Document.objects.select_related("member", "event", "uploaded_by")
        .prefetch_related(
            "themes",
            Prefetch("members_concerned", queryset=Member.objects.only("pk", "slug", "name").order_by("name")),
            Prefetch("versions", queryset=versions),
        )
        .filter(pk=pk)
        .first()
    )


def current_version(*, document: Document) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()


def document_years(*, user) -> list[int]:
    """The years of the documents the user may see, newest first: kept in the cache until a document changes."""
    visibilities = sorted(visibilities_for(user=user))

    def load() -> list[int]:
        dates = documents_visible_to(user=user).order_by().dates("published_on", "year", order="DESC")
        return [date.year for date in dates]

    return cached_with_token(
        token_key=token_key("documents"), key=f"documents:years:{','.join(visibilities)}", load=load, timeout=86400
    )
