"""Write the facts of the RVASE 2023 deck (``record/rvase_2023.yaml``) to the database, idempotently.

Every row is found by its natural key (ISO code, slug, (plan, number), (minutes, section, number), name…) and
brought back to the deck's values with ``update_or_create``; many-to-many relations the deck states are reset to
the deck's list. Running the loader twice creates nothing the second time, and a rerun after a manual edit
restores the deck's values. Rows the deck does not know (added by hand) are left alone.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.db import transaction
from django.utils import translation

from actionplan.models import (
    Action,
    ActionPlan,
    Axis,
    Milestone,
    Partner,
    Project,
    ThematicRoadmap,
    Theme,
    WorkingModality,
)
from events.models import Event, Session, SessionSpeaker
from members.geography import MEMBER_COORDINATES
from members.models import Country, Member, Person
from members.services import member_coordinates_fill
from minutes.models import Decision, Minutes
from minutes.services import minutes_record_approved_text

from . import rvase_2023 as data
from .english import english_translations_apply

# Order of the summary; keys of the returned dict.
LABELS = [
    "countries",
    "members",
    "people",
    "themes",
    "working_modalities",
    "action_plans",
    "axes",
    "actions",
    "partners",
    "roadmaps",
    "milestones",
    "projects",
    "events",
    "sessions",
    "session_speakers",
    "minutes",
    "decisions",
    "minutes_versions",
]


class _Tally:
    def __init__(self) -> None:
        self.loaded: dict[str, int] = defaultdict(int)
        self.created: dict[str, int] = defaultdict(int)

    def upsert(self, label: str, model, defaults: dict | None = None, **lookup):
        obj, created = model.objects.update_or_create(defaults=defaults or {}, **lookup)
        self.loaded[label] += 1
        self.created[label] += int(created)
        return obj

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {label: {"loaded": self.loaded[label], "created": self.created[label]} for label in LABELS}


def _aware(value: dt.datetime | None, tz: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A naive local wall-clock time of the deck, made aware in the event's own time zone."""
    return value.replace(tzinfo=tz) if value is not None else None


@transaction.atomic
def load_rvase_2023() -> dict[str, dict[str, int]]:
    """Load the deck's facts; return, per kind of row, how many were loaded and how many of them were new.

    The deck is French: its texts go to the French columns whatever language is active (a translated field's
    plain name is the active language's column), then record.english adds their English translation."""
    with translation.override("fr"):
        summary = _load()
        english_translations_apply()
    return summary


def _load() -> dict[str, dict[str, int]]:
    t = _Tally()

    # ---- members ----------------------------------------------------------------------------------------------
    countries = {
        row["code"]: t.upsert("countries", Country, {k: v for k, v in row.items() if k != "code"}, code=row["code"])
        for row in data.COUNTRIES
    }

    members = {}
    for row in data.MEMBERS:
        defaults = {k: v for k, v in row.items() if k not in ("slug", "country")}
        defaults.update(country=countries[row["country"]], is_aimf_member=True)
        members[row["slug"]] = t.upsert("members", Member, defaults, slug=row["slug"])
    # Not the deck's: where each member is on the map, only where the coordinator has not placed it yet.
    member_coordinates_fill(coordinates=MEMBER_COORDINATES)

    people = {}
    for row in data.PEOPLE:
        defaults = {
            "honorific": row["honorific"],
            "title": row["title"],
            "member": members[row["member"]] if row["member"] else None,
            "is_official": row["is_official"],
        }
        people[row["key"]] = t.upsert(
            "people", Person, defaults, full_name=row["full_name"], organisation=row["organisation"]
        )

    # ---- action plan ------------------------------------------------------------------------------------------
    themes = {
        row["slug"]: t.upsert("themes", Theme, {k: v for k, v in row.items() if k != "slug"}, slug=row["slug"])
        for row in data.THEMES
    }

    for row in data.WORKING_MODALITIES:
        t.upsert(
            "working_modalities", WorkingModality, {"order": row["order"]}, category=row["category"], name=row["name"]
        )

    plan = t.upsert(
        "action_plans",
        ActionPlan,
        {"title": data.PLAN["title"], "summary": data.PLAN["summary"]},
        year=data.PLAN["year"],
    )
    axes = {
        row["number"]: t.upsert(
            "axes", Axis, {"title": row["title"], "objective": row["objective"]}, plan=plan, number=row["number"]
        )
        for row in data.AXES
    }

    partners = {
        row["name"]: t.upsert("partners", Partner, {k: v for k, v in row.items() if k != "name"}, name=row["name"])
        for row in data.PARTNERS
    }

    actions = {}
    for row in data.ACTIONS:
        defaults = {
            "axis": axes[row["axis"]],
            "activities": row["activities"],
            "current_state": row["current_state"],
            "planned_activities": row["planned_activities"],
            "proposals": row["proposals"],
            "status": row["status"],
        }
        action = t.upsert("actions", Action, defaults, plan=plan, number=row["number"])
        action.members.set([members[slug] for slug in row["members"]])
        action.themes.set([themes[slug] for slug in row["themes"]])
        action.partners.set([partners[name] for name in row["partners"]])
        actions[row["number"]] = action

    for row in data.ROADMAPS:
        defaults = {
            "title": row["title"],
            "theme": themes[row["theme"]] if row["theme"] else None,
            "plan": plan if row["plan"] == plan.year else None,
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "status": row["status"],
            "description": row["description"],
            "order": row["order"],
        }
        roadmap = t.upsert("roadmaps", ThematicRoadmap, defaults, slug=row["slug"])
        for milestone in row["milestones"]:
            t.upsert(
                "milestones",
                Milestone,
                {k: v for k, v in milestone.items() if k != "title"},
                roadmap=roadmap,
                title=milestone["title"],
            )

    for row in data.PROJECTS:
        defaults = {k: v for k, v in row.items() if k not in ("slug", "theme", "members", "actions")}
        defaults["theme"] = themes[row["theme"]]
        project = t.upsert("projects", Project, defaults, slug=row["slug"])
        project.members.set([members[slug] for slug in row["members"]])
        project.actions.set([actions[number] for number in row.get("actions", [])])

    # ---- events -----------------------------------------------------------------------------------------------
    events = {}
    for row in data.EVENTS:  # parents come before their side events
        tz = zoneinfo.ZoneInfo(row["timezone"])
        defaults = {k: v for k, v in row.items() if k not in ("slug", "country", "host_member", "themes", "parent")}
        defaults.update(
            starts_at=_aware(row["starts_at"], tz),
            ends_at=_aware(row["ends_at"], tz),
            country=countries[row["country"]] if row["country"] else None,
            host_member=members[row["host_member"]] if row["host_member"] else None,
            parent=events[row["parent"]] if row["parent"] else None,
        )
        event = t.upsert("events", Event, defaults, slug=row["slug"])
        event.themes.set([themes[slug] for slug in row["themes"]])
        events[row["slug"]] = event

    meeting = events[data.PROGRAMME_EVENT]
    local_day = meeting.starts_at.astimezone(meeting.tzinfo).date()
    for row in data.SESSIONS:
        defaults = {
            "starts_at": dt.datetime.combine(local_day, row["starts_at"], tzinfo=meeting.tzinfo),
            "ends_at": dt.datetime.combine(local_day, row["ends_at"], tzinfo=meeting.tzinfo),
            "title": row["title"],
            "kind": row["kind"],
            "description": row["description"],
        }
        session = t.upsert("sessions", Session, defaults, event=meeting, order=row["order"])
        for position, speaker in enumerate(row["speakers"], start=1):
            t.upsert(
                "session_speakers",
                SessionSpeaker,
                {"role": speaker["role"], "order": position},
                session=session,
                person=people[speaker["person"]],
            )

    minutes_row = data.MINUTES
    minutes = t.upsert(
        "minutes",
        Minutes,
        {k: v for k, v in minutes_row.items() if k != "event"},
        event=events[minutes_row["event"]],
    )
    for row in data.DECISIONS:
        decision = t.upsert(
            "decisions",
            Decision,
            {"kind": row["kind"], "title": row["title"], "text": row["text"]},
            minutes=minutes,
            section=row["section"],
            number=row["number"],
        )
        decision.actions.set([actions[number] for number in row["actions"]])

    # The approved text as its first version (what members read and download); a rerun with the same text
    # makes no new version, a corrected deck makes the next one.
    _version, created = minutes_record_approved_text(minutes=minutes, approved_on=minutes_row["approved_on"])
    t.loaded["minutes_versions"] += 1
    t.created["minutes_versions"] += int(created)

    return t.as_dict()
