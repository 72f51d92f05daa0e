import datetime as dt
import hashlib
import json
import zoneinfo

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from actionplan.models import Action, ActionPlan, Axis, Milestone, ThematicRoadmap, Theme
from members.models import Member, Person
from members.permissions import is_coordinator, is_member_person, member_of

from .models import (
    CalendarFeedToken,
    Decision,
    Event,
    HostingCandidature,
    Minutes,
    MinutesAttendee,
    MinutesComment,
    MinutesVersion,
    Registration,
    Session,
    SessionSpeaker,
    StoredPDF,
    is_known_timezone,
)
from .permissions import can_see_event


def events_visible_to(*, user) -> QuerySet[Event]:
    """Published events the user may read: public ones, and members-only ones for the members' people."""
    events = Event.objects.select_related("country", "host_member").filter(publication=Event.Publication.PUBLISHED)
    if not is_member_person(user):
        events = events.filter(visibility=Event.Visibility.PUBLIC)
    return events


def upcoming_events(*, user, include_cancelled: bool = False) -> QuerySet[Event]:
    """Events not over yet, and those whose date is still to be confirmed for this year or later."""
    now = timezone.now()
    events = events_visible_to(user=user).filter(
        Q(ends_at__gte=now)
        | Q(ends_at__isnull=True, starts_at__gte=now)
        | Q(starts_at__isnull=True, year__gte=now.year)
    )
    if not include_cancelled:
        events = events.exclude(status=Event.Status.CANCELLED)
    return events


def past_events(*, user) -> QuerySet[Event]:
    now = timezone.now()
    return (
        events_visible_to(user=user)
        .filter(
            Q(ends_at__lt=now)
            | Q(ends_at__isnull=True, starts_at__lt=now)
            | Q(starts_at__isnull=True, year__lt=now.year)
        )
        .order_by(F("starts_at").desc(nulls_last=True), "-year", "title")
    )


def event_years(*, user) -> list[int]:
    return sorted(set(events_visible_to(user=user).values_list("year", flat=True)), reverse=True)


def event_for_detail(*, slug: str, user) -> Event | None:
    """The event with its themes and programme (speakers and their members), or None if the user may not see it."""
    sessions = Session.objects.prefetch_related(
        Prefetch(
            "speaker_links",
            queryset=SessionSpeaker.objects.select_related("person__member").order_by("order"),
        )
    ).order_by("order")
    event = (
        Event.objects.select_related("country", "host_member", "parent", "minutes__current_version")
        .prefetch_related("themes", Prefetch("sessions", queryset=sessions))
        .filter(slug=slug)
        .first()
    )
    if event is None or not can_see_event(user, event):
        # A members-only event is not revealed to visitors: same answer as a missing one.
        return None
    return event


def confirmed_registrations(*, event: Event) -> QuerySet[Registration]:
    return event.registrations.filter(status=Registration.Status.CONFIRMED)


def registration_count(*, event: Event) -> int:
    return confirmed_registrations(event=event).count()


def registrations_shown_to(*, event: Event, user) -> QuerySet[Registration]:
    """The coordination sees every registration; a member's people see their own member's."""
    registrations = confirmed_registrations(event=event).select_related("person__member", "registered_by")
    if is_coordinator(user):
        return registrations.order_by("person__member__name", "person__full_name")
    member = member_of(user)
    if member is None:
        return Registration.objects.none()
    return registrations.filter(person__member=member).order_by("person__full_name")


def people_user_may_register(*, event: Event, user) -> QuerySet[Person]:
    """People the user may still register: of their own member (any member's for the coordination)."""
    if is_coordinator(user):
        people = Person.objects.filter(member__isnull=False)
    else:
        member = member_of(user)
        if member is None:
            return Person.objects.none()
        people = Person.objects.filter(member=member)
    registered = confirmed_registrations(event=event).values("person_id")
    return people.exclude(pk__in=registered).select_related("member").order_by("member__name", "full_name")


def proposals_visible_to(*, user) -> QuerySet[Event]:
    """Events proposed by focal points: all for the coordination, their own member's for a member's people."""
    proposals = Event.objects.exclude(proposed_by=None).select_related("host_member", "proposed_by", "reviewed_by")
    if is_coordinator(user):
        return proposals.order_by("publication", "-proposed_at")
    member = member_of(user)
    if member is None:
        return Event.objects.none()
    return proposals.filter(host_member=member).order_by("-proposed_at")


def candidatures_visible_to(*, user) -> QuerySet[HostingCandidature]:
    candidatures = HostingCandidature.objects.select_related("member__country", "submitted_by", "decided_by")
    if is_coordinator(user):
        return candidatures.order_by("-year", "status", "submitted_at")
    member = member_of(user)
    if member is None:
        return HostingCandidature.objects.none()
    return candidatures.filter(member=member).order_by("-year")


def accepted_hosts(*, years) -> dict[int, Member]:
    """The member whose candidature was accepted, per year (public: the host of the annual meeting)."""
    accepted = HostingCandidature.objects.filter(status=HostingCandidature.Status.ACCEPTED, year__in=list(years))
    return {c.year: c.member for c in accepted.select_related("member")}


# ---- calendar feeds ------------------------------------------------------------------------------------------


def feed_events(*, members_only_included: bool) -> QuerySet[Event]:
    """Published events with a date, for a calendar feed; members-only ones only in personal feeds."""
    events = (
        Event.objects.filter(publication=Event.Publication.PUBLISHED, starts_at__isnull=False)
        .select_related("country")
        .order_by("starts_at", "pk")
    )
    if not members_only_included:
        events = events.filter(visibility=Event.Visibility.PUBLIC)
    return events


def theme_feed_events(*, theme: Theme) -> QuerySet[Event]:
    return feed_events(members_only_included=False).filter(themes=theme)


def member_feed_events(*, member: Member) -> QuerySet[Event]:
    """Events the member hosts, and those where one of its people speaks."""
    speaking = Session.objects.filter(speakers__member=member).values("event_id")
    return feed_events(members_only_included=False).filter(Q(host_member=member) | Q(pk__in=speaking))


def feed_token(*, token: str) -> CalendarFeedToken | None:
    """The token (with its user) of a personal feed, or None: unknown or revoked token, inactive account."""
    return (
        CalendarFeedToken.objects.select_related("user__person__member")
        .filter(token=token, user__is_active=True)
        .first()
    )


def themes_with_events() -> QuerySet[Theme]:
    return Theme.objects.annotate(
        event_count=Count(
            "events",
            filter=Q(
                events__publication=Event.Publication.PUBLISHED,
                events__visibility=Event.Visibility.PUBLIC,
            ),
        )
    ).order_by("kind", "order", "name")


# ---- minutes ---------------------------------------------------------------------------------------------------

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
    from consultations.models import Consultation  # consultations imports events.models

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
            "starts_at": event.starts_at.isoformat() if event.starts_at else None,
            "ends_at": event.ends_at.isoformat() if event.ends_at else None,
            "timezone": event.timezone,
            "all_day": event.all_day,
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
            {
                "number": item.number,
                "text": item.text,
                "owner": item.owner,
                "due_on": item.due_on.isoformat() if item.due_on else None,
            }
            for item in follow_ups
        ],
        "consultations": [
            {
                "id": consultation.pk,
                "subject": consultation.subject,
                "result": consultation.result,
                "closed_at": consultation.closed_at.isoformat() if consultation.closed_at else None,
            }
            for consultation in consultations
        ],
    }


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


def minutes_fingerprint(*, minutes: Minutes) -> str:
    return snapshot_fingerprint(minutes_snapshot(minutes=minutes))


def minutes_display(content: dict) -> dict:
    """The frozen (or current) text, ready for a page or a PDF: dates as dates, labels in the active language."""
    from consultations.models import Consultation

    event = dict(content.get("event") or {})
    for key in ("starts_at", "ends_at"):
        event[key] = _parse_datetime(event.get(key))
    if event.get("starts_at") and is_known_timezone(event.get("timezone", "")):
        zone = zoneinfo.ZoneInfo(event["timezone"])
        event["local_start"] = event["starts_at"].astimezone(zone)
        event["local_end"] = event["ends_at"].astimezone(zone) if event.get("ends_at") else None
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
    from consultations.models import Consultation

    return Consultation.objects.filter(minutes=minutes).order_by("-opened_on")


def pdf_failures(*, event: Event) -> QuerySet[StoredPDF]:
    """Renderings of the event's PDFs that failed last time they were tried (shown to the coordination)."""
    return (
        StoredPDF.objects.filter(event=event).exclude(error="").select_related("version").order_by("kind", "language")
    )


def attendee_people_and_members(*, minutes: Minutes) -> tuple[set[int], set[int]]:
    """Ids of the people who attended (or were excused), and of the members present through them or as such."""
    people, members = set(), set()
    for person_id, member_id, person_member_id in minutes.attendees.values_list(
        "person_id", "member_id", "person__member_id"
    ):
        if person_id:
            people.add(person_id)
        for value in (member_id, person_member_id):
            if value:
                members.add(value)
    return people, members


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


def summary_context(*, event: Event) -> dict:
    """What the annual-meeting summary shows: programme and speakers, the year's action plan by axis with each
    action's status, the conclusions (the approved text of the minutes) and the roadmap."""
    sessions = list(
        Session.objects.filter(event=event)
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=SessionSpeaker.objects.select_related("person__member").order_by("order"),
            )
        )
        .order_by("order")
    )
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
    roadmaps = list(
        ThematicRoadmap.objects.filter(end_year__gte=event.year)
        .select_related("theme")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("year", "due_on", "pk")))
        .order_by("order", "start_year")
    )
    return {
        "event": event,
        "sessions": sessions,
        "speakers": speakers,
        "plan": plan,
        "axes": axes,
        "version": version,
        "conclusions": minutes_display(version.content) if version is not None else None,
        "roadmaps": roadmaps,
    }


def summary_available(*, event: Event) -> bool:
    """An annual meeting has a summary once it has a programme or approved minutes."""
    if event.kind != Event.Kind.ANNUAL_MEETING:
        return False
    minutes = minutes_of(event)
    return bool((minutes is not None and minutes.current_version_id) or event.sessions.exists())
