"""What a first run shows besides the deck's tables (``record/network.yaml``): the About page's passages, the
timeline of the network's activities, who took part in the 2023 meeting, news from the deck's dated facts, and
the 2023 documents filed in the archive (the minutes, the annual-meeting summary, the action plan, as PDFs).

Runs after record.loader. Every row is created when missing and left as it is when present: a rerun duplicates
nothing and never overwrites what the coordination changed since. The PDFs are rendered after the load is
committed (``transaction.on_commit``): rendering takes seconds, and a load that fails files nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections import defaultdict
from pathlib import Path

import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from actionplan.models import ActionPlan, Theme
from documents.models import Document, DocumentVersion
from events.models import Event
from members.models import Member, NewsItem, Person
from minutes.models import Minutes, MinutesAttendee, MinutesVersion
from minutes.selectors import minutes_record_snapshot, snapshot_fingerprint
from network.models import NetworkText, TimelineEntry

from . import rvase_2023

logger = logging.getLogger(__name__)

PATH = Path(__file__).with_name("network.yaml")
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
LABELS = ["network_texts", "timeline_entries", "attendees", "news", "documents"]


def read() -> dict:
    with PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=rvase_2023.SAFE_LOADER)


class _Tally:
    def __init__(self) -> None:
        self.loaded: dict[str, int] = defaultdict(int)
        self.created: dict[str, int] = defaultdict(int)

    def add(self, label: str, created: bool) -> None:
        self.loaded[label] += 1
        self.created[label] += int(created)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {label: {"loaded": self.loaded[label], "created": self.created[label]} for label in LABELS}


def _person(key: str) -> Person:
    """A person of rvase_2023.yaml, by the key that file gives them."""
    row = next((row for row in rvase_2023.PEOPLE if row["key"] == key), None)
    if row is None:
        raise ValueError(f"{PATH.name}: no person with the key {key!r} in rvase_2023.yaml.")
    return Person.objects.get(full_name=row["full_name"], organisation=row["organisation"])


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def load_first_run(*, archive: bool = True) -> dict[str, dict[str, int]]:
    """Load network.yaml; with `archive`, file the 2023 PDFs in the archive once the load is committed."""
    data = read()
    t = _Tally()

    for order, row in enumerate(data["texts"], start=1):
        text, created = NetworkText.objects.get_or_create(
            key=row["key"],
            defaults={"order": order * 10, **_french_and_english(row), "source": _source(row)},
        )
        if not created:
            _english_fill(text, row)
        t.add("network_texts", created)

    events = {event.slug: event for event in Event.objects.filter(slug__in=_event_slugs(data))}
    for order, row in enumerate(data["timeline"], start=1):
        entry, created = TimelineEntry.objects.get_or_create(
            key=row["key"],
            defaults={
                "order": order * 10,
                "date": row["date"],
                "precision": row["precision"],
                "end_date": row["end"],
                **_french_and_english(row),
                "event": events.get(row["event"]) if row["event"] else None,
                "link": row["link"],
                "source": _source(row),
            },
        )
        if not created:
            _english_fill(entry, row)
        t.add("timeline_entries", created)

    minutes = Minutes.objects.select_related("current_version").get(event__slug=data["attendees"]["event"])
    for order, key in enumerate(data["attendees"]["people"], start=1):
        _attendee, created = MinutesAttendee.objects.get_or_create(
            minutes=minutes,
            person=_person(key),
            defaults={"presence": MinutesAttendee.Presence.PRESENT, "order": order},
        )
        t.add("attendees", created)
    _keep_loaded_approval(minutes)

    members = {member.slug: member for member in Member.objects.filter(slug__in=[n["member"] for n in data["news"]])}
    sources = TimelineEntry.objects.filter(key__in=[row["timeline"] for row in data["news"]])
    entries = {entry.key: entry for entry in sources}
    for row in data["news"]:
        # The deck dates the fact to the day and gives no time; the news shows only the day. Noon in the network's
        # time zone keeps that day wherever it is read from (UTC−11 to UTC+12).
        published_at = dt.datetime.combine(row["date"], dt.time(12, 0), tzinfo=PHNOM_PENH)
        link = _absolute(_news_source(row, entries))
        _item, created = NewsItem.objects.get_or_create(
            member=members[row["member"]],
            link=link,
            defaults={
                "title_fr": row["title"],
                "text_fr": row["text"],
                "title_en": row.get("title_en"),
                "text_en": row.get("text_en"),
                "status": NewsItem.Status.PUBLISHED,
                "published_at": published_at,
            },
        )
        t.add("news", created)

    if archive:
        transaction.on_commit(file_first_run_documents)
    return t.as_dict()


def _french_and_english(row: dict) -> dict:
    """A row's title and text: the French (the record) and its English translation."""
    return {
        "title_fr": row["title"],
        "text_fr": row["text"],
        "title_en": row.get("title_en") or None,
        "text_en": row.get("text_en") or None,
    }


def _english_fill(obj, row: dict) -> None:
    """A row loaded before it had its English gets it: only a field with no English yet, whose French is still
    this file's (an English text never says what the French no longer says, nor replaces the coordination's)."""
    changed = []
    for field in ("title", "text"):
        english = row.get(f"{field}_en")
        if english and not getattr(obj, f"{field}_en") and getattr(obj, f"{field}_fr") == row[field]:
            setattr(obj, f"{field}_en", english)
            changed.append(f"{field}_en")
    if changed:
        obj.save(update_fields=changed)


def _source(row: dict) -> str:
    return f"Support de la réunion annuelle 2023 du RVASE, {row['source']}" if row.get("source") else ""


def _event_slugs(data: dict) -> list[str]:
    return [row["event"] for row in data["timeline"] if row["event"]]


def _news_source(row: dict, entries: dict[str, TimelineEntry]) -> str:
    entry = entries.get(row["timeline"])
    if entry is None:
        raise ValueError(f"{PATH.name}: news {row['key']!r} names no known timeline entry.")
    return entry.get_absolute_url()


def _keep_loaded_approval(minutes: Minutes) -> None:
    """Minutes the deck's loader recorded as approved show their attendees in that same text.

    record.loader freezes the loaded text as a version before the attendees are added here. While that version is
    still only the loader's (nobody approved it, no PDF was made of it, it is not in the archive), its text is
    brought up to date in place, so that the next run's loader finds the same text and freezes nothing new.
    A version someone approved, printed or filed is never touched.
    """
    version = minutes.current_version
    if version is None or minutes.status != Minutes.Status.APPROVED:
        return
    if version.approved_by_id or version.archived_as_id or version.pdfs.exists():
        return
    content = minutes_record_snapshot(minutes=minutes)
    fingerprint = snapshot_fingerprint(content)
    if fingerprint != version.fingerprint:
        MinutesVersion.objects.filter(pk=version.pk).update(content=content, fingerprint=fingerprint)


# ---- the archive -------------------------------------------------------------------------------------------------


def file_first_run_documents() -> int:
    """File the 2023 PDFs in the archive, each once (a rerun files nothing). Returns how many were filed."""
    from actionplan.pdfs import plan_pdf
    from minutes.pdfs import current_minutes_pdf, summary_pdf

    meeting = Event.objects.filter(slug=rvase_2023.PROGRAMME_EVENT).first()
    if meeting is None:
        return 0
    plan = ActionPlan.objects.filter(year=meeting.year).first()
    themes = list(Theme.objects.order_by("kind", "order"))
    language = settings.LANGUAGE_CODE
    filed = 0
    minutes = Minutes.objects.filter(event=meeting).select_related("archive_document").first()

    with translation.override(language):
        if minutes is not None and minutes.archive_document_id is None:
            document = _file(
                title=f"Compte rendu — {meeting.title_fr}",
                description=_minutes_description(minutes),
                english=(
                    f"Minutes — {meeting.title_en or meeting.title_fr}",
                    "The conclusions of the meeting as they were sent to every member for validation.",
                ),
                category=Document.Category.MINUTES,
                visibility=Document.Visibility.MEMBERS,
                event=meeting,
                themes=themes,
                published_on=minutes.circulated_on or minutes.approved_on or timezone.localdate(),
                file_name=f"{meeting.slug}-compte-rendu.pdf",
                pdf=lambda: current_minutes_pdf(minutes=minutes, language=language),
            )
            if document is not None:
                Minutes.objects.filter(pk=minutes.pk).update(archive_document=document)
                filed += 1
        if not Document.objects.filter(event=meeting, category=Document.Category.REPORT).exists():
            document = _file(
                title=f"Synthèse — {meeting.title_fr}",
                description="Programme, intervenants, plan d'action, thématiques, projets, partenaires, modalités "
                "de travail, membres et conclusions de la réunion.",
                english=(
                    f"Summary — {meeting.title_en or meeting.title_fr}",
                    "Programme, speakers, action plan, themes, projects, partners, working modalities, members and "
                    "conclusions of the meeting.",
                ),
                category=Document.Category.REPORT,
                visibility=Document.Visibility.MEMBERS,
                event=meeting,
                themes=themes,
                published_on=timezone.localdate(),
                file_name=f"{meeting.slug}-synthese.pdf",
                pdf=lambda: _stored_bytes(summary_pdf(event=meeting, language=language)),
            )
            filed += document is not None
        plan_filed = Document.objects.filter(event=meeting, category=Document.Category.ACTION_PLAN).exists()
        if plan is not None and not plan_filed:
            document = _file(
                title=plan.title_fr if hasattr(plan, "title_fr") else plan.title,
                description="Les 15 actions du plan et leurs quatre colonnes : Activités, État des lieux, "
                "Activités prévues, Propositions.",
                english=(
                    getattr(plan, "title_en", None) or plan.title,
                    "The 15 actions of the plan and their four columns: Activities, Current state, Planned "
                    "activities, Proposals.",
                ),
                category=Document.Category.ACTION_PLAN,
                visibility=Document.Visibility.PUBLIC,
                event=meeting,
                themes=themes,
                published_on=timezone.localdate(),
                file_name=f"plan-action-{plan.year}.pdf",
                pdf=lambda: plan_pdf(plan=plan, language=language),
            )
            filed += document is not None
    _concern_members(meeting=meeting, plan=plan)
    return filed


def _concern_members(*, meeting: Event, plan: ActionPlan | None) -> None:
    """The filed documents concern the members the deck names, as network documents (``member`` stays empty: it
    would make them the member's own): the minutes and the summary, the members that took part in the meeting;
    the plan, the members that carry its actions. Set while empty only: a rerun, or the coordinator's edit, keeps
    what is there."""
    minutes = Minutes.objects.filter(event=meeting).first()
    participants: set[int] = set()
    if minutes is not None:
        present = MinutesAttendee.objects.filter(minutes=minutes, presence=MinutesAttendee.Presence.PRESENT)
        for member_id, person_member_id in present.values_list("member_id", "person__member_id"):
            participants.add(member_id or person_member_id)
        participants.discard(None)
    carriers = set(Member.objects.filter(actions__plan=plan).values_list("pk", flat=True)) if plan else set()
    concerned = {
        Document.Category.MINUTES: participants,
        Document.Category.REPORT: participants,
        Document.Category.ACTION_PLAN: carriers,
    }
    documents = Document.objects.filter(event=meeting, category__in=list(concerned), members_concerned=None)
    if minutes is not None and minutes.archive_document_id is not None:
        # The archived minutes are the minutes' own document (filed here, or by the minutes' approval).
        documents = documents.filter(~Q(category=Document.Category.MINUTES) | Q(pk=minutes.archive_document_id))
    for document in documents:
        document.members_concerned.set(concerned[document.category])


def _minutes_description(minutes: Minutes) -> str:
    if minutes.status == Minutes.Status.CIRCULATED and minutes.circulated_on:
        return f"Version transmise pour validation le {minutes.circulated_on:%d/%m/%Y}."
    if minutes.status == Minutes.Status.APPROVED and minutes.approved_on:
        return f"Version approuvée le {minutes.approved_on:%d/%m/%Y}."
    return "Texte des conclusions de la réunion."


def _stored_bytes(stored) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def _file(
    *, title, description, english, category, visibility, event, themes, published_on, file_name, pdf
) -> Document | None:
    """A document with its PDF as first version; nothing when the PDF cannot be rendered (logged, tried next run)."""
    try:
        content = pdf()
    except Exception:  # noqa: BLE001 — a PDF that fails must not undo the load; the next run tries again
        logger.exception("Could not render %s for the archive", file_name)
        return None
    with transaction.atomic():
        document = Document.objects.create(
            title_fr=title,
            description_fr=description,
            title_en=english[0],
            description_en=english[1],
            category=category,
            visibility=visibility,
            event=event,
            language=Document.Language.FRENCH,
            published_on=published_on,
        )
        document.themes.set(themes)
        version = DocumentVersion(
            document=document,
            number=1,
            original_name=file_name,
            content_type="application/pdf",
            size=len(content),
        )
        version.file.save(file_name, ContentFile(content), save=False)
        version.save()
    return document
