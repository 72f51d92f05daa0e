"""One search over the network's record: members, actions, events and their programmes, documents, news, decisions.

On PostgreSQL, French full-text search as the document archive does it (documents/search.py): the
`french_unaccent` configuration (unaccent, then French stemming: "eaux usées" finds "eau usée"), the same
query parser (websearch syntax, or each word as a prefix), weighted fields and ranking. Documents use their stored,
indexed vector; the other kinds, a few hundred rows at most, compute theirs in the query. On SQLite (`make run`), a
plain case-insensitive "contains".

What each kind may show comes from its own app's selectors and permissions: a visitor's search reads the same
rows as the visitor's pages, never more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.db.models import Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from actionplan.models import Action
from common.translated import reader_language
from documents.models import Document
from documents.search import (
    ENGLISH_SEARCH_CONFIG,
    SEARCH_CONFIG,
    clean_query,
    is_full_text,
    search_documents,
    search_query,
)
from documents.selectors import documents_visible_to
from events.models import Event, Session
from events.selectors import events_visible_to
from members.models import Member
from members.selectors import published_news
from minutes.models import Decision, Minutes
from minutes.permissions import can_manage_minutes, can_read_minutes


def _translated(model, name: str) -> bool:
    """A field with a column per language (django-modeltranslation): `<name>_fr` and `<name>_en`."""
    return hasattr(model, f"{name}_en")


def _vector(model, *weighted: tuple[str, str]) -> SearchVector:
    """The French of each field with French stemming and, for a translated field, its English with English
    stemming: one vector, which a query in either language (_query) matches."""
    vector = None
    for name, weight in weighted:
        if _translated(model, name):
            part = SearchVector(f"{name}_fr", weight=weight, config=SEARCH_CONFIG) + SearchVector(
                f"{name}_en", weight=weight, config=ENGLISH_SEARCH_CONFIG
            )
        else:
            part = SearchVector(name, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def _query(text: str):
    """The words as French and as English: either finds a row."""
    return search_query(text) | search_query(text, config=ENGLISH_SEARCH_CONFIG)


def _columns(model, name: str) -> list[str]:
    return [f"{name}_fr", f"{name}_en"] if _translated(model, name) else [name]


def _contains(model, fields: tuple[str, ...], text: str) -> Q:
    condition = Q()
    for name in fields:
        for column in _columns(model, name):
            condition |= Q(**{f"{column}__icontains": text})
    return condition


def _shown(model, name: str):
    """The text of a field a reader sees: their language's column, else the French (for a translated field)."""
    if not _translated(model, name):
        return F(name)
    language = reader_language()
    if language == "fr":
        return F(f"{name}_fr")
    return Coalesce(
        Func(F(f"{name}_{language}"), Value(""), function="NULLIF", output_field=TextField()),
        F(f"{name}_fr"),
        output_field=TextField(),
    )


# Around the words found, in the excerpt of each result (search.templatetags.search_results turns them into <mark>).
MARK_START, MARK_STOP = "\x02", "\x03"


def _headline(model, fields: tuple[tuple[str, str], ...], query) -> SearchHeadline:
    """The passages of the fields that match, words found marked: PostgreSQL's ts_headline."""
    text = Func(
        Value(" — "),
        *(
            Func(_shown(model, name), Value(""), function="NULLIF", output_field=TextField())
            for name, _weight in fields
        ),
        function="CONCAT_WS",
        output_field=TextField(),
    )
    return SearchHeadline(
        text,
        query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def _ranked(queryset: QuerySet, fields: tuple, text: str, *then: str, excerpt: tuple | None = None) -> QuerySet:
    """The rows matching `text` on the weighted `fields`, best first (then by `then`), with an excerpt of the
    `excerpt` fields (by default those after the first: the title, which the result shows anyway)."""
    model = queryset.model
    if not is_full_text():
        return queryset.filter(_contains(model, tuple(name for name, _weight in fields), text)).order_by(*then)
    query = _query(text)
    return (
        queryset.annotate(search_vector=_vector(model, *fields))
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query), headline=_headline(model, excerpt or fields[1:], query))
        .order_by("-rank", *then)
    )


# ---- one function per kind: (user, text) -> the user's matching rows, best first ----------------------------------

MEMBER_FIELDS = (("name", "A"), ("local_name", "A"), ("description", "B"))
ACTION_FIELDS = (("activities", "A"), ("current_state", "B"), ("planned_activities", "B"), ("proposals", "B"))
EVENT_FIELDS = (("title", "A"), ("description", "B"), ("place", "C"), ("city", "C"))
SESSION_FIELDS = (("title", "A"), ("description", "B"))
NEWS_FIELDS = (("title", "A"), ("text", "B"))
DECISION_FIELDS = (("title", "A"), ("text", "B"))


def search_members(*, user, text: str) -> QuerySet[Member]:
    # The directory is public; only its public fields are searched (never contacts).
    return _ranked(Member.objects.select_related("country"), MEMBER_FIELDS, text, "name", excerpt=MEMBER_FIELDS[2:])


def search_actions(*, user, text: str) -> QuerySet[Action]:
    # The plan is public: its four columns are searched. An action's title is the start of its activities, so
    # the excerpt is taken from all four.
    actions = Action.objects.select_related("plan", "axis")
    return _ranked(actions, ACTION_FIELDS, text, "-plan__year", "number", excerpt=ACTION_FIELDS)


def search_events(*, user, text: str) -> QuerySet[Event]:
    """Events the user may see whose own text, or one item of whose programme, matches; with that item's title."""
    events = events_visible_to(user=user)
    if not is_full_text():
        sessions = Session.objects.filter(
            _contains(Session, tuple(name for name, _ in SESSION_FIELDS), text), event=OuterRef("pk")
        )
        return (
            events.filter(_contains(Event, tuple(name for name, _ in EVENT_FIELDS), text) | Q(Exists(sessions)))
            .annotate(matched_session=_session_title(sessions.order_by("order")))
            .order_by(F("starts_at").desc(nulls_last=True), "title")
        )
    query = _query(text)
    sessions = (
        Session.objects.filter(event=OuterRef("pk"))
        .annotate(search_vector=_vector(Session, *SESSION_FIELDS))
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "order")
    )
    return (
        events.annotate(search_vector=_vector(Event, *EVENT_FIELDS))
        .filter(Q(search_vector=query) | Q(Exists(sessions)))
        .annotate(
            headline=_headline(Event, EVENT_FIELDS[1:], query),
            matched_session=_session_title(sessions),
            rank=Greatest(
                SearchRank(F("search_vector"), query),
                # An item of the programme counts a little less than the event itself.
                Coalesce(Subquery(sessions.values("rank")[:1]), Value(0.0), output_field=FloatField()) * 0.8,
            ),
        )
        .order_by("-rank", F("starts_at").desc(nulls_last=True), "title")
    )


def _session_title(sessions) -> Subquery:
    """The title of the first item of the programme that matches, in the reader's language."""
    return Subquery(sessions.annotate(shown=_shown(Session, "title")).values("shown")[:1], output_field=TextField())


DOCUMENT_FIELDS = (("title", "A"), ("description", "B"))


def search_in_documents(*, user, text: str):
    # The archive's own search (its stored vector, the documents' visibility).
    documents = search_documents(documents_visible_to(user=user), clean_query(text))
    if is_full_text():
        documents = documents.annotate(headline=_headline(Document, DOCUMENT_FIELDS[1:], _query(clean_query(text))))
    return documents


def search_news(*, user, text: str):
    return _ranked(published_news(), NEWS_FIELDS, text, "-published_at", "-pk")


def search_decisions(*, user, text: str) -> QuerySet[Decision]:
    """Decisions and recommendations of minutes the user may read: approved ones (and ones circulated to every
    member) for the members, all for the coordination; nothing for visitors."""
    if not can_read_minutes(user):
        return Decision.objects.none()
    decisions = Decision.objects.filter(minutes__event__in=events_visible_to(user=user)).select_related(
        "minutes__event"
    )
    if not can_manage_minutes(user):
        # Approved minutes, and minutes sent to every member for validation (the 2023 conclusions).
        decisions = decisions.filter(
            Q(minutes__status=Minutes.Status.APPROVED)
            | Q(minutes__status=Minutes.Status.CIRCULATED, minutes__circulated_to_members=True)
        )
    return _ranked(decisions, DECISION_FIELDS, text, "-minutes__event__starts_at", "section", "number")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    search: Callable


KINDS = (
    Kind("members", _("Members"), search_members),
    Kind("actions", _("Actions of the plan"), search_actions),
    Kind("events", _("Events and programmes"), search_events),
    Kind("documents", _("Documents"), search_in_documents),
    Kind("news", _("News"), search_news),
    Kind("decisions", _("Decisions and recommendations"), search_decisions),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def kinds_for(user) -> list[Kind]:
    """The kinds of results the user may get (decisions are for the members' people)."""
    return [kind for kind in KINDS if kind.key != "decisions" or can_read_minutes(user)]


def normalised(text) -> str:
    return clean_query(text)
