"""The open data of the network: what a visitor can read on the site, as tables anyone may reuse.

Each dataset names its columns (the /open-data/ page explains them from here) and yields its rows as plain
dictionaries, in a fixed number of queries whatever its size: the main rows are read with a database cursor as
the file is sent, and each many-to-many relation in one query beforehand. Only public rows and public fields
are exported, read through the same selectors as the visitor's pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from actionplan.models import Action, Milestone, ProgressUpdate, ThematicRoadmap
from events.models import Event
from events.selectors import events_visible_to
from members.models import Member

CHUNK = 500


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[dict]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _pairs(through, left: str, right: str) -> dict[int, list[str]]:
    """For a many-to-many table, the right side's slugs of each left id, in one query."""
    result: dict[int, list[str]] = defaultdict(list)
    for left_id, value in through.objects.values_list(left, right).order_by(left, right):
        result[left_id].append(value)
    return result


def _both(obj, field: str, column: str | None = None) -> dict:
    """A translated text as two columns: the French (the record) under the column's name, the English beside it
    with `_en` (empty where none was written), whatever the reader's language."""
    column = column or field
    return {column: getattr(obj, f"{field}_fr") or "", f"{column}_en": getattr(obj, f"{field}_en") or ""}


ENGLISH = _("The previous column in English, where it was written; empty otherwise.")


# ---- the plan -------------------------------------------------------------------------------------------------


def action_rows() -> Iterator[dict]:
    members = _pairs(Action.members.through, "action_id", "member__slug")
    themes = _pairs(Action.themes.through, "action_id", "theme__slug")
    actions = Action.objects.select_related("plan", "axis").order_by("-plan__year", "number")
    for action in actions.iterator(chunk_size=CHUNK):
        yield {
            "plan_year": action.plan.year,
            "number": action.number,
            "axis_number": action.axis.number,
            **_both(action.axis, "title", "axis_title"),
            **_both(action, "activities"),
            **_both(action, "current_state"),
            **_both(action, "planned_activities"),
            **_both(action, "proposals"),
            "status": action.status,
            "members": members.get(action.pk, []),
            "themes": themes.get(action.pk, []),
            "url": _url(action.get_absolute_url()),
        }


def action_history_rows() -> Iterator[dict]:
    """Every progress note of the actions (the history their pages show), with the status change it applied."""
    updates = (
        ProgressUpdate.objects.filter(action__isnull=False)
        .select_related("action__plan", "author__person__member")
        .order_by("action__plan__year", "action__number", "date", "pk")
    )
    for update in updates.iterator(chunk_size=CHUNK):
        applied = update.review == ProgressUpdate.Review.ACCEPTED and bool(update.applied_status)
        member = update.author_member
        yield {
            "plan_year": update.action.plan.year,
            "action_number": update.action.number,
            "date": update.date.isoformat(),
            "note": update.text,
            "status_before": update.previous_status if applied else "",
            "status_after": update.applied_status if applied else "",
            "author_member": member.slug if member else "",
        }


# ---- members ----------------------------------------------------------------------------------------------------


def member_rows() -> Iterator[dict]:
    # The directory's public fields only: never the contacts, which are for the members' people.
    for member in Member.objects.select_related("country").order_by("country__code", "name").iterator(CHUNK):
        yield {
            "slug": member.slug,
            **_both(member, "name"),
            "local_name": member.local_name,
            "kind": member.kind,
            "country": member.country.code,
            "is_aimf_member": member.is_aimf_member,
            **_both(member, "description"),
            "website": member.website,
            "latitude": member.latitude,
            "longitude": member.longitude,
            "url": _url(member.get_absolute_url()),
        }


# ---- events -----------------------------------------------------------------------------------------------------


def public_events():
    """The events a visitor sees (published and public), read through the events' own selector."""
    return events_visible_to(user=AnonymousUser())


def event_rows() -> Iterator[dict]:
    themes = _pairs(Event.themes.through, "event_id", "theme__slug")
    events = public_events().select_related("country", "host_member").order_by("year", "starts_at", "slug")
    for event in events.iterator(chunk_size=CHUNK):
        yield {
            "slug": event.slug,
            **_both(event, "title"),
            "kind": event.kind,
            "status": event.status,
            "starts_at": event.local_start.isoformat() if event.starts_at else "",
            "ends_at": event.local_end.isoformat() if event.ends_at else "",
            "timezone": event.timezone,
            "year": event.year,
            "all_day": event.all_day,
            "date_precision": event.precision,
            "place": event.place,
            "city": event.city,
            "country": event.country.code if event.country else (event.country_name_fr or ""),
            "host_member": event.host_member.slug if event.host_member else "",
            "themes": themes.get(event.pk, []),
            "url": _url(event.get_absolute_url()),
        }


# ---- the roadmap ------------------------------------------------------------------------------------------------


def roadmap_rows() -> Iterator[dict]:
    roadmaps = ThematicRoadmap.objects.select_related("theme", "plan").order_by("order", "start_year", "slug")
    for roadmap in roadmaps.iterator(chunk_size=CHUNK):
        yield {
            "slug": roadmap.slug,
            **_both(roadmap, "title"),
            "theme": roadmap.theme.slug if roadmap.theme else "",
            "plan_year": roadmap.plan.year if roadmap.plan else "",
            "start_year": roadmap.start_year,
            "end_year": roadmap.end_year,
            "status": roadmap.status,
            **_both(roadmap, "description"),
        }


def milestone_rows() -> Iterator[dict]:
    milestones = Milestone.objects.select_related("roadmap").order_by("roadmap__order", "roadmap__slug", "year", "pk")
    for milestone in milestones.iterator(chunk_size=CHUNK):
        yield {
            "roadmap": milestone.roadmap.slug,
            **_both(milestone, "title"),
            "year": milestone.year,
            "due_on": milestone.due_on.isoformat() if milestone.due_on else "",
            **_both(milestone, "when"),
            "done": milestone.is_done,
        }


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "actions",
        _("The action plans"),
        _("One row per action of every plan, with the four columns of the plan as the network wrote them."),
        (
            Column("plan_year", _("Year of the action plan.")),
            Column("number", _("Number of the action in its plan.")),
            Column("axis_number", _("Number of the axis the action belongs to.")),
            Column("axis_title", _("Title of that axis.")),
            Column("axis_title_en", ENGLISH),
            Column("activities", _("“Activités”: what the action is.")),
            Column("activities_en", ENGLISH),
            Column("current_state", _("“État des lieux”: where it stands.")),
            Column("current_state_en", ENGLISH),
            Column("planned_activities", _("“Activités prévues”: what is planned next.")),
            Column("planned_activities_en", ENGLISH),
            Column("proposals", _("“Propositions”: the proposals made.")),
            Column("proposals_en", ENGLISH),
            Column("status", _("not_started, in_progress, done, continuous or not_recorded.")),
            Column("members", _("Members taking part, by their identifier (slug); several are separated by “;”.")),
            Column("themes", _("Themes of the action, by identifier (slug), separated by “;”.")),
            Column("url", _("The action's page.")),
        ),
        action_rows,
    ),
    Dataset(
        "action-history",
        _("History of the actions"),
        _("One row per progress note on an action, oldest first: the history each action's page shows."),
        (
            Column("plan_year", _("Year of the action plan.")),
            Column("action_number", _("Number of the action in its plan.")),
            Column("date", _("Date of the note (YYYY-MM-DD).")),
            Column("note", _("The progress note.")),
            Column("status_before", _("The status before, when the note changed it; empty otherwise.")),
            Column("status_after", _("The status applied by the coordination, when the note changed it.")),
            Column("author_member", _("The member of the note's author (slug); empty for the coordination.")),
        ),
        action_history_rows,
    ),
    Dataset(
        "members",
        _("Members"),
        _("One row per member of the network: the public fields of the directory, never its contacts."),
        (
            Column("slug", _("Identifier, as in the address of the member's page.")),
            Column("name", _("Name.")),
            Column("name_en", ENGLISH),
            Column("local_name", _("Name in the local script.")),
            Column("kind", _("city, province or association.")),
            Column("country", _("ISO 3166 code of the country: KH, LA or VN.")),
            Column("is_aimf_member", _("True for a member of the AIMF, False for an invited non-member.")),
            Column("description", _("Public description.")),
            Column("description_en", ENGLISH),
            Column("website", _("Website.")),
            Column("latitude", _("Latitude of the member's city, decimal degrees (WGS 84).")),
            Column("longitude", _("Longitude, decimal degrees (WGS 84).")),
            Column("url", _("The member's page.")),
        ),
        member_rows,
    ),
    Dataset(
        "events",
        _("Events"),
        _("One row per public event of the calendar (events for members only are not included)."),
        (
            Column("slug", _("Identifier, as in the address of the event's page.")),
            Column("title", _("Title.")),
            Column("title_en", ENGLISH),
            Column("kind", _("annual_meeting, conference, congress, study_trip, workshop or external.")),
            Column("status", _("scheduled, to_confirm or cancelled.")),
            Column("starts_at", _("Start, ISO 8601 in the event's own time zone; empty while the date is unknown.")),
            Column("ends_at", _("End, ISO 8601 in the event's time zone.")),
            Column("timezone", _("The event's time zone (IANA name).")),
            Column("year", _("Year of the event (alone when the date is still to be confirmed).")),
            Column("all_day", _("True when the event has no times.")),
            Column(
                "date_precision",
                _("day, month or year: how precise the dates are (month: only the months of start and end are known)."),
            ),
            Column("place", _("Venue.")),
            Column("city", _("City.")),
            Column("country", _("ISO code of a network country, or the name of another country.")),
            Column("host_member", _("The host member (slug), if any.")),
            Column("themes", _("Themes (slugs), separated by “;”.")),
            Column("url", _("The event's page.")),
        ),
        event_rows,
    ),
    Dataset(
        "roadmap",
        _("The roadmap"),
        _("One row per line of the thematic roadmap (“Feuille de route”)."),
        (
            Column("slug", _("Identifier.")),
            Column("title", _("Title.")),
            Column("title_en", ENGLISH),
            Column("theme", _("Theme (slug), if any.")),
            Column("plan_year", _("The action plan it belongs to, if any.")),
            Column("start_year", _("First year.")),
            Column("end_year", _("Last year.")),
            Column("status", _("planned, in_preparation, submitted, adopted, in_progress or done.")),
            Column("description", _("Description.")),
            Column("description_en", ENGLISH),
        ),
        roadmap_rows,
    ),
    Dataset(
        "roadmap-milestones",
        _("Milestones of the roadmap"),
        _("One row per milestone of a roadmap line."),
        (
            Column("roadmap", _("The roadmap line (slug).")),
            Column("title", _("The milestone.")),
            Column("title_en", ENGLISH),
            Column("year", _("Year; empty when the source gives none.")),
            Column("due_on", _("Date due (YYYY-MM-DD), if known.")),
            Column("when", _("The date in words when no day is known, for example “mi-juin 2023”.")),
            Column("when_en", ENGLISH),
            Column("done", _("True once reached.")),
        ),
        milestone_rows,
    ),
)
DATASETS_BY_KEY = {dataset.key: dataset for dataset in DATASETS}
