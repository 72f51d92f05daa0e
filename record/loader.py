"""Write the facts of the RVASE 2023 deck (``record/rvase_2023.yaml``) to the database, idempotently, and never over
what the coordinator has changed since.

Every row is found by its natural key (ISO code, slug, (plan, number), (minutes, section, number), name…). What the
loader writes to a row is recorded beside it (``record.models.LoadedRow``: each field's value, many-to-many as
sorted ids). On a rerun, a field still holding the value the loader last wrote is brought to the deck's value; a
field holding anything else was changed by someone since (the coordinator, in the admin or on the site) and is
kept. So a coordinator who records the real approval of the minutes, real times or a real status keeps them, and a
corrected deck still reaches every field nobody touched. Running the loader twice creates nothing the second time.

Rows loaded before this record existed: a row the admin's history shows as changed by hand is treated as the
coordinator's (its differing fields are kept); any other is brought to the deck once, then followed as above.
Rows the deck does not know (added by hand) are left alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
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
from minutes.models import Decision, Minutes, MinutesVersion

from . import rvase_2023 as data
from .english import english_translations_apply
from .models import LoadedRow

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
]


def plain(value):
    """A field's value as the record keeps it (JSON): rows as ids, instants in UTC, dates and amounts as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def fingerprint(values: dict) -> str:
    encoded = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


class RowWriter:
    """Creates and updates the deck's rows, counting what it loaded, created and kept of the coordinator's."""

    def __init__(self) -> None:
        self.loaded: dict[str, int] = defaultdict(int)
        self.created: dict[str, int] = defaultdict(int)
        self.kept: dict[str, int] = defaultdict(int)
        self._records = {(row.content_type_id, row.object_id): row for row in LoadedRow.objects.all()}

    def upsert(self, label: str, model, defaults: dict | None = None, m2m: dict | None = None, **lookup):
        defaults, m2m = defaults or {}, m2m or {}
        # Field name → (attribute on the row, value the deck gives, as recorded).
        fields = {}
        for name, value in defaults.items():
            field = model._meta.get_field(name)
            fields[name] = (field.attname, value.pk if isinstance(value, models.Model) else value)
        wanted = {name: plain(value) for name, (_attname, value) in fields.items()}
        wanted.update({f"m2m:{name}": sorted(item.pk for item in items) for name, items in m2m.items()})
        # The record also keeps the natural key (never rewritten: it is how the row is found).
        remembered = {**{name: plain(value) for name, value in lookup.items()}, **wanted}

        obj = model.objects.filter(**lookup).first()
        self.loaded[label] += 1
        if obj is None:
            obj = model.objects.create(**lookup, **dict(fields.values()))
            for name, items in m2m.items():
                getattr(obj, name).set(items)
            self.created[label] += 1
            self._remember(obj, remembered)
            return obj

        content_type = ContentType.objects.get_for_model(model)
        record = self._records.get((content_type.pk, obj.pk))
        if record is not None:
            last, unknown_is_theirs = record.values, False
        else:
            # Loaded before the loader kept a record: changed by hand in the admin, or the loader's own values.
            unknown_is_theirs = LogEntry.objects.filter(
                content_type=content_type, object_id=str(obj.pk), action_flag=CHANGE
            ).exists()
            last = {}

        def current(key: str):
            if key.startswith("m2m:"):
                return sorted(getattr(obj, key[4:]).values_list("pk", flat=True))
            return plain(getattr(obj, fields[key][0]))

        changed, relations = [], {}
        for key, value in wanted.items():
            now = current(key)
            if now == value:
                continue
            theirs = (now != last[key]) if key in last else unknown_is_theirs
            if theirs:
                self.kept[label] += 1
                continue
            if key.startswith("m2m:"):
                relations[key[4:]] = m2m[key[4:]]
            else:
                attname, raw = fields[key]
                setattr(obj, attname, raw)
                changed.append(attname)
        if changed:
            obj.save()
        for name, items in relations.items():
            getattr(obj, name).set(items)
        # What the deck says is what the loader "last wrote", whether or not someone's value was kept over it.
        if record is None or record.values != remembered:
            self._remember(obj, remembered)
        return obj

    def _remember(self, obj, values: dict) -> None:
        content_type = ContentType.objects.get_for_model(type(obj))
        record, _ = LoadedRow.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            defaults={"values": values, "fingerprint": fingerprint(values)},
        )
        self._records[(content_type.pk, obj.pk)] = record

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            label: {"loaded": self.loaded[label], "created": self.created[label], "kept": self.kept[label]}
            for label in LABELS
        }


def _aware(value: dt.datetime | None, tz: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A naive local wall-clock time of the deck, made aware in the event's own time zone."""
    return value.replace(tzinfo=tz) if value is not None else None


@transaction.atomic
def load_rvase_2023() -> dict[str, dict[str, int]]:
    """Load the deck's facts; return, per kind of row, how many were loaded, how many of them were new, and how many
    of their fields kept the value someone gave them since the last load.

    The deck is French: its texts go to the French columns whatever language is active (a translated field's
    plain name is the active language's column), then record.english adds their English translation."""
    with translation.override("fr"):
        summary = _load()
        english_translations_apply()
    return summary


def _load() -> dict[str, dict[str, int]]:
    t = RowWriter()

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
        m2m = {
            "members": [members[slug] for slug in row["members"]],
            "themes": [themes[slug] for slug in row["themes"]],
            "partners": [partners[name] for name in row["partners"]],
        }
        actions[row["number"]] = t.upsert("actions", Action, defaults, m2m, plan=plan, number=row["number"])

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
        m2m = {
            "members": [members[slug] for slug in row["members"]],
            "actions": [actions[number] for number in row.get("actions", [])],
        }
        t.upsert("projects", Project, defaults, m2m, slug=row["slug"])

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
        m2m = {"themes": [themes[slug] for slug in row["themes"]]}
        events[row["slug"]] = t.upsert("events", Event, defaults, m2m, slug=row["slug"])

    meeting = events[data.PROGRAMME_EVENT]
    local_day = meeting.starts_at.astimezone(meeting.tzinfo).date()

    def at(time: dt.time | None) -> dt.datetime | None:
        return dt.datetime.combine(local_day, time, tzinfo=meeting.tzinfo) if time is not None else None

    for row in data.SESSIONS:
        defaults = {
            # The deck gives the programme's order and no times: a slot without a time has none.
            "starts_at": at(row["starts_at"]),
            "ends_at": at(row["ends_at"]),
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
        t.upsert(
            "decisions",
            Decision,
            {"kind": row["kind"], "title": row["title"], "text": row["text"]},
            {"actions": [actions[number] for number in row["actions"]]},
            minutes=minutes,
            section=row["section"],
            number=row["number"],
        )
    _withdraw_loaded_approval(minutes=minutes)

    return t.as_dict()


def _withdraw_loaded_approval(*, minutes: Minutes) -> None:
    """Earlier versions of this loader marked the 2023 minutes approved, with a version nobody approved (no one
    recorded, no time). The deck says they were sent for validation: such versions go. A version someone approved
    on the portal, or minutes the coordinator has marked approved, stay as they are."""
    if minutes.status == Minutes.Status.APPROVED:
        return
    versions = MinutesVersion.objects.filter(minutes=minutes)
    if (
        versions.exists()
        and not versions.filter(models.Q(approved_by__isnull=False) | models.Q(approved_at__isnull=False)).exists()
    ):
        versions.delete()
        if minutes.current_version_id is not None:
            minutes.current_version = None
            minutes.save(update_fields=["current_version"])
