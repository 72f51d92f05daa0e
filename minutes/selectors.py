"""Reads of the minutes: the page's and the PDFs' content, versions, comments, who receives a circulation, and
what the annual-meeting summary shows."""

import datetime as dt
import hashlib
import json
import zoneinfo

from django.conf import settings
from django.db.models import Case, F, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils import translation

from actionplan.models import Action, ActionPlan, Axis, Milestone, Partner, Project, ThematicRoadmap, Theme
from consultations.models import Consultation
from events.models import Event, Session, SessionSpeaker, is_known_timezone
from events.permissions import can_see_event
from members.models import Member, Person
from network.selectors import session_one_content, working_modalities

from .models import Decision, Minutes, MinutesAttendee, MinutesComment, MinutesVersion, StoredPDF
from .permissions import attendee_people_and_members

# Bumped in the frozen text when its layout changes, so that older versions can still be read.
SNAPSHOT_SCHEMA = 1


def event_for_minutes(*, slug: str, user) -> Event | None:
    """The event (with its minutes and their approved version) if the user may see it; nothing else is loaded."""
    event = (
        Event.objects.select_related("minutes__current_version", "country", "host_member")
        .defer("minutes__current_version__content")
        .filter(slug=slug)
        .first()
    )
    if event is None or not can_see_event(user, event):
        return None
    return event


def stored_minutes_pdf(*, slug: str, language: str, number: int | None = None) -> StoredPDF | None:
    """In one query, the stored PDF of the event's current approved minutes (or of version `number`), with the
    event's fields that say who may see it. None when it was never rendered (or the event, minutes or version
    does not exist): the caller then takes the slow path."""
    rows = StoredPDF.objects.filter(kind=StoredPDF.Kind.MINUTES, language=language, event__slug=slug).exclude(file="")
    if number is None:
        rows = rows.filter(version_id=F("event__minutes__current_version_id"))
    else:
        rows = rows.filter(version__number=number)
    return (
        rows.select_related("event", "version")
        .only(
            "file", "event__slug", "event__publication", "event__visibility", "event__host_member_id", "version__number"
        )
        .first()
    )


def minutes_of(event: Event) -> Minutes | None:
    try:
        return event.minutes
    except Minutes.DoesNotExist:
        return None


def minutes_snapshot(*, minutes: Minutes) -> dict:
    """Everything the minutes say, as plain data: what an approval freezes in a MinutesVersion.

    Names, texts and the linked actions' titles are copied, not referenced, so that a later change
    elsewhere (a person renamed, an action reworded) never alters an approved text.
    """
    event = minutes.event
    present_first = Case(When(presence=MinutesAttendee.Presence.PRESENT, then=0), default=1)
    attendees = minutes.attendees.select_related("person__member", "member").order_by(present_first, "order", "pk")
    decisions = minutes.decisions.prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("plan").order_by("plan__year", "number"))
    ).order_by("section", "number")
    follow_ups = minutes.follow_ups.select_related("owner_person__member", "owner_member").order_by("number")
    consultations = Consultation.objects.filter(reported_in=minutes).order_by("closed_at", "pk")
    return {
        "schema": SNAPSHOT_SCHEMA,
        "event": {
            "title": event.title,
            "slug": event.slug,
            "starts_at": _isoformat(event.starts_at),
            "ends_at": _isoformat(event.ends_at),
            "timezone": event.timezone,
            "all_day": event.all_day,
            "date_precision": event.precision,
            "year": event.year,
            "location": event.location,
            "host": event.host_member.name if event.host_member else "",
        },
        "summary": minutes.summary,
        "attendees": [_attendee_data(attendee) for attendee in attendees],
        "decisions": [
            {
                "section": decision.section,
                "kind": decision.kind,
                "number": decision.number,
                "title": decision.title,
                "text": decision.text,
                "actions": [
                    {
                        "plan": action.plan.year,
                        "number": action.number,
                        "title": action.short_title,
                        "url": action.get_absolute_url(),
                    }
                    for action in decision.actions.all()
                ],
            }
            for decision in decisions
        ],
        "follow_ups": [
            {"number": item.number, "text": item.text, "owner": item.owner, "due_on": _isoformat(item.due_on)}
            for item in follow_ups
        ],
        "consultations": [
            {"id": row.pk, "subject": row.subject, "result": row.result, "closed_at": _isoformat(row.closed_at)}
            for row in consultations
        ],
    }


def _isoformat(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _attendee_data(attendee: MinutesAttendee) -> dict:
    person = attendee.person
    member = attendee.represented_member
    return {
        "presence": attendee.presence,
        "honorific": person.honorific if person else "",
        "name": person.full_name if person else "",
        "title": person.title if person else "",
        "organisation": person.organisation if person and not member else "",
        "member": member.name if member else "",
        "note": attendee.note,
    }


def snapshot_fingerprint(content: dict) -> str:
    """What tells two texts of the minutes apart: the minutes' own words and links, not the event's details nor
    the current wording of the linked actions (those are copied for reading, and do not make a new version)."""
    essential = {
        "summary": content.get("summary", ""),
        "attendees": content.get("attendees", []),
        "decisions": [
            {**decision, "actions": [[action["plan"], action["number"]] for action in decision.get("actions", [])]}
            for decision in content.get("decisions", [])
        ],
        "follow_ups": content.get("follow_ups", []),
        "consultations": [[row["id"], row["result"]] for row in content.get("consultations", [])],
    }
    encoded = json.dumps(essential, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def minutes_record_snapshot(*, minutes: Minutes) -> dict:
    """The text as the record keeps it: the names and functions in the source language (French), whatever the
    reader's. What an approval freezes and what tells a new text from the approved one never depend on the
    language of the page it was done from; a page reads the working text in its reader's language."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return minutes_snapshot(minutes=minutes)


def minutes_fingerprint(*, minutes: Minutes) -> str:
    return snapshot_fingerprint(minutes_record_snapshot(minutes=minutes))


def minutes_display(content: dict) -> dict:
    """The frozen (or current) text, ready for a page or a PDF: dates as dates, labels in the active language."""
    event = dict(content.get("event") or {})
    for key in ("starts_at", "ends_at"):
        event[key] = _parse_datetime(event.get(key))
    if event.get("starts_at") and is_known_timezone(event.get("timezone", "")):
        zone = zoneinfo.ZoneInfo(event["timezone"])
        event["local_start"] = event["starts_at"].astimezone(zone)
        event["local_end"] = event["ends_at"].astimezone(zone) if event.get("ends_at") else None
        if event.get("date_precision") == Event.Precision.MONTH:
            # Known to the month only ("mai 2023"): the text says the month, never a day.
            event["month_label"] = Event(
                starts_at=event["starts_at"],
                ends_at=event["ends_at"],
                timezone=event["timezone"],
                date_precision="month",
            ).month_label
    presence_labels = dict(MinutesAttendee.Presence.choices)
    attendees = [
        {**row, "presence_label": presence_labels.get(row["presence"], row["presence"])}
        for row in content.get("attendees", [])
    ]
    kinds = dict(Decision.Kind.choices)
    sections = []
    for key, label in Decision.Section.choices:
        decisions = [
            {
                **decision,
                "kind_label": kinds.get(decision["kind"], decision["kind"]),
                "anchor": f"decision-{decision['section']}-{decision['number']}",
            }
            for decision in content.get("decisions", [])
            if decision["section"] == key
        ]
        if decisions:
            sections.append({"key": key, "label": label, "decisions": decisions})
    results = dict(Consultation.Result.choices)
    return {
        "event": event,
        "summary": content.get("summary", ""),
        "present": [row for row in attendees if row["presence"] == MinutesAttendee.Presence.PRESENT],
        "excused": [row for row in attendees if row["presence"] == MinutesAttendee.Presence.EXCUSED],
        "sections": sections,
        "decision_count": sum(len(section["decisions"]) for section in sections),
        "follow_ups": [{**row, "due_on": _parse_date(row.get("due_on"))} for row in content.get("follow_ups", [])],
        "consultations": [
            {
                **row,
                "result_label": results.get(row["result"], "") if row.get("result") else "",
                "closed_at": _parse_datetime(row.get("closed_at")),
                "url": reverse("consultations:detail", kwargs={"pk": row["id"]}),
            }
            for row in content.get("consultations", [])
        ],
    }


def _parse_datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def minutes_versions(*, minutes: Minutes) -> list[MinutesVersion]:
    return list(
        MinutesVersion.objects.filter(minutes=minutes)
        .select_related("approved_by__person")
        .defer("content")
        .order_by("-number")
    )


def minutes_version(*, minutes: Minutes, number: int) -> MinutesVersion | None:
    return MinutesVersion.objects.filter(minutes=minutes, number=number).first()


def minutes_comments(*, minutes: Minutes) -> QuerySet[MinutesComment]:
    return minutes.comments.select_related("author__person__member", "decision", "answered_by").order_by(
        "created_at", "pk"
    )


def minutes_submitted_for_validation(*, minutes: Minutes):
    """Validation rounds that submitted these minutes (or their recommendations) to the members."""
    return Consultation.objects.filter(minutes=minutes).order_by("-opened_on")


def pdf_failures(*, event: Event) -> QuerySet[StoredPDF]:
    """Renderings of the event's PDFs that failed last time they were tried (shown to the coordination)."""
    return (
        StoredPDF.objects.filter(event=event).exclude(error="").select_related("version").order_by("kind", "language")
    )


def circulation_recipients(*, minutes: Minutes) -> tuple[list[dict], list[str]]:
    """Who receives circulated minutes: the attendees, and the focal points of the members that attended.

    Returns the recipients (address, language, name) and the names of attendees no address is known for.
    """
    people_ids, member_ids = attendee_people_and_members(minutes=minutes)
    focal_people = Person.objects.filter(focal_points__member_id__in=member_ids).values_list("pk", flat=True)
    people = Person.objects.filter(Q(pk__in=people_ids) | Q(pk__in=focal_people)).select_related("user").distinct()
    recipients: dict[str, dict] = {}
    missing = []
    for person in people.order_by("full_name"):
        address = person.contact_email.lower()
        if not address:
            if person.pk in people_ids:
                missing.append(person.full_name)
            continue
        language = getattr(person.user, "preferred_language", "") if person.user else ""
        recipients.setdefault(address, {"address": address, "language": language, "name": person.full_name})
    return list(recipients.values()), missing


# ---- the annual-meeting summary --------------------------------------------------------------------------------


def programme(*, event: Event) -> list[Session]:
    """The event's programme in order, each item with its speakers."""
    return list(
        Session.objects.filter(event=event)
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=SessionSpeaker.objects.select_related("person__member").order_by("order"),
            )
        )
        .order_by("order")
    )


def meeting_record(*, event: Event) -> dict:
    """What the minutes show beside their text: the programme, and what the first session of an annual meeting
    presented (the network, its themes, its working modalities, the year's plan)."""
    sessions = programme(event=event)
    first = next((session for session in sessions if session.kind == Session.Kind.SESSION), None)
    annual = event.kind == Event.Kind.ANNUAL_MEETING
    return {
        "sessions": sessions,
        "session_one": first if annual else None,
        "session_one_content": session_one_content(year=event.year) if annual and first is not None else None,
    }


def summary_context(*, event: Event) -> dict:
    """What the annual-meeting summary shows: the programme and who took part, the members (with their names in
    their own scripts), the year's action plan with the four columns of every action, the themes and their
    projects, the partners, the working modalities, the conclusions and the roadmap.

    The conclusions are the approved text of the minutes; before any approval, the circulated text, said to be
    so. Recommendations are numbered once across the whole document.
    """
    sessions = programme(event=event)
    speakers, seen = [], set()
    for session in sessions:
        for link in session.speaker_links.all():
            if link.person_id not in seen:
                seen.add(link.person_id)
                speakers.append(link.person)
    plan = ActionPlan.objects.filter(year=event.year).first()
    axes = []
    if plan is not None:
        axes = list(
            Axis.objects.filter(plan=plan)
            .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("number")))
            .order_by("number")
        )
    minutes = minutes_of(event)
    version = minutes.current_version if minutes is not None else None
    conclusions = None
    if version is not None:
        conclusions = minutes_display(version.content)
    elif minutes is not None and minutes.status == Minutes.Status.CIRCULATED and minutes.circulated_to_members:
        # Sent to every member for validation and not approved: the summary gives that text, and says so.
        conclusions = minutes_display(minutes_snapshot(minutes=minutes))
    if conclusions is not None:
        running = 0
        for section in conclusions["sections"]:
            for decision in section["decisions"]:
                running += 1
                decision["ordinal"] = running
    roadmaps = list(
        ThematicRoadmap.objects.filter(end_year__gte=event.year)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by(
                    F("year").asc(nulls_last=True), F("due_on").asc(nulls_last=True), "pk"
                ),
            )
        )
        .order_by("order", "start_year")
    )
    for roadmap in roadmaps:
        # "Plan d'action 2023", not "Plan d'action 2023 (2023)".
        roadmap.shown_period = "" if roadmap.period in roadmap.title else roadmap.period
    projects = Prefetch(
        "projects",
        queryset=Project.objects.prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name"))
        ).order_by("title"),
    )
    themes = list(Theme.objects.prefetch_related(projects).order_by("kind", "order", "name"))
    return {
        "event": event,
        "sessions": sessions,
        # A programme may give the order of its items without their times (the 2023 deck does).
        "programme_timed": any(session.starts_at for session in sessions),
        "speakers": speakers,
        "participants": conclusions["present"] if conclusions else [],
        "members": list(Member.objects.select_related("country").order_by("country__name", "name")),
        "plan": plan,
        "axes": axes,
        "main_themes": [theme for theme in themes if theme.kind == Theme.Kind.MAIN],
        "transversal_themes": [theme for theme in themes if theme.kind == Theme.Kind.TRANSVERSAL],
        "partners": list(Partner.objects.order_by("name")),
        "modalities": working_modalities(),
        "version": version,
        "minutes": minutes,
        "conclusions": conclusions,
        "roadmaps": roadmaps,
    }


def summary_available(*, event: Event) -> bool:
    """An annual meeting has a summary once it has a programme or approved minutes."""
    if event.kind != Event.Kind.ANNUAL_MEETING:
        return False
    minutes = minutes_of(event)
    return bool((minutes is not None and minutes.current_version_id) or event.sessions.exists())
