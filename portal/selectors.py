"""What "Mon espace" shows a person, each part in a fixed number of queries whatever the size of the network.

Every part reuses the owning app's selectors and permissions (who may see which event, document or minutes);
nothing here decides anew who may see what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplan.models import Action, Project
from actionplan.selectors import current_plan, pending_progress_updates
from consultations.selectors import consultations_for
from documents.selectors import documents_visible_to
from events.models import Event, Registration
from events.permissions import can_register
from events.selectors import events_visible_to, proposals_visible_to, upcoming_events
from members.models import FocalPoint, Member, NewsItem
from members.permissions import can_see_standing, is_coordinator, member_of
from members.selectors import DuesLine, member_dues, published_news
from members.services import focal_point_confirmation_path
from minutes.models import Decision, Minutes
from minutes.permissions import can_read_minutes

# A progress note is due on an action or project of one's member that is under way and has had none for this long.
PROGRESS_NOTE_INTERVAL = dt.timedelta(days=90)
# Registrations that close within this many days are listed among the things to do.
REGISTRATION_SOON = dt.timedelta(days=14)
# With no earlier visit, "what is new" looks back this far.
FIRST_VISIT_LOOKBACK = dt.timedelta(days=30)
# Each list of the page shows at most this many rows (and says when there are more).
LIST_LIMIT = 5
# An action whose status nobody recorded may well be under way: its members are asked for news like the others.
STILL_GOING = (
    Action.Status.NOT_STARTED,
    Action.Status.IN_PROGRESS,
    Action.Status.CONTINUOUS,
    Action.Status.NOT_RECORDED,
)
PROJECTS_GOING = (Project.Status.PREPARATION, Project.Status.VALIDATED, Project.Status.IN_PROGRESS)


@dataclass
class Task:
    """One thing the person has to do, with the date it is due by (when there is one)."""

    kind: str
    title: str
    url: str
    action: str  # what to do, as a short sentence
    due_at: dt.datetime | None = None
    due_on: dt.date | None = None
    note: str = ""

    @property
    def sort_key(self) -> tuple[int, dt.datetime]:
        """Soonest first (a date counts as its end of day); undated tasks last."""
        if self.due_at is not None:
            return (0, self.due_at)
        if self.due_on is not None:
            end_of_day = dt.datetime.combine(self.due_on, dt.time.max)
            return (0, timezone.make_aware(end_of_day))
        return (1, timezone.now())


@dataclass
class Bounded:
    """The first rows of a list, and whether there are more than the page shows."""

    rows: list
    more: bool = False

    @classmethod
    def of(cls, queryset, limit: int = LIST_LIMIT) -> Bounded:
        rows = list(queryset[: limit + 1])
        return cls(rows=rows[:limit], more=len(rows) > limit)


@dataclass
class MySpace:
    member: Member | None
    focal_point_of: list[Member]
    tasks: list[Task] = field(default_factory=list)
    dues: DuesLine | None = None
    registrations: list[Registration] = field(default_factory=list)
    upcoming: Bounded | None = None
    news: Bounded | None = None
    documents: Bounded | None = None
    decisions: Bounded | None = None
    since: dt.datetime | None = None
    first_visit: bool = False
    coordination: dict | None = None


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


# ---- what I have to do --------------------------------------------------------------------------------------------


def consultation_tasks(*, member: Member, can_answer: bool, now: dt.datetime) -> list[Task]:
    """Validation rounds open for the member that it has not answered yet, soonest deadline first."""
    rounds = (
        consultations_for(member=member)
        .filter(
            member_eligible=True,
            member_answered=False,
            closed_at__isnull=True,
            opened_on__lte=now,
            deadline__gt=now,
        )
        .order_by("deadline")
    )
    if can_answer:
        action = _("Answer for %(member)s") % {"member": member.name}
    else:
        action = _("Your focal point answers for %(member)s") % {"member": member.name}
    return [
        Task(kind="consultation", title=item.subject, url=item.get_absolute_url(), action=action, due_at=item.deadline)
        for item in rounds
    ]


def focal_point_tasks(*, focal_points: list[FocalPoint]) -> list[Task]:
    """The person is named focal point of a member and has not confirmed it yet."""
    return [
        Task(
            kind="focal_point",
            title=_("Focal point of %(member)s") % {"member": focal_point.member.name},
            url=focal_point_confirmation_path(focal_point=focal_point),
            action=_("Confirm that you are the focal point"),
            note=(
                _("Asked on %(date)s") % {"date": _day(timezone.localdate(focal_point.confirmation_requested_at))}
                if focal_point.confirmation_requested_at
                else ""
            ),
        )
        for focal_point in focal_points
        if focal_point.confirmed_on is None
    ]


def progress_tasks(*, members: list[Member], today: dt.date) -> list[Task]:
    """Actions of the current plan and projects the focal point's members take part in, under way, whose last
    progress note is older than PROGRESS_NOTE_INTERVAL (or that have none): the notes the monthly watch expects.

    Nothing in the model records that the coordinator asked for a particular note; this is the rule instead.
    """
    if not members:
        return []
    cutoff = today - PROGRESS_NOTE_INTERVAL
    stale = Q(last_note__isnull=True) | Q(last_note__lt=cutoff)
    plan = current_plan()
    tasks = []
    if plan is not None:
        actions = (
            Action.objects.filter(plan=plan, members__in=members, status__in=STILL_GOING)
            .annotate(last_note=Max("progress_updates__date"))
            .filter(stale)
            .select_related("plan")
            .distinct()
            .order_by("number")
        )
        tasks += [
            Task(
                kind="progress",
                title=_("Action %(number)s: %(title)s") % {"number": action.number, "title": action.short_title},
                url=f"{action.get_absolute_url()}#history",
                action=_("Post a progress note"),
                note=(
                    _("Last note on %(date)s") % {"date": _day(action.last_note)}
                    if action.last_note
                    else _("No progress note yet")
                ),
            )
            for action in actions
        ]
    projects = (
        Project.objects.filter(members__in=members, status__in=PROJECTS_GOING)
        .annotate(last_note=Max("progress_updates__date"))
        .filter(stale)
        .distinct()
        .order_by("title")
    )
    tasks += [
        Task(
            kind="progress",
            title=_("Project: %(title)s") % {"title": project.title},
            url=f"{project.get_absolute_url()}#history",
            action=_("Post a progress note"),
            note=(
                _("Last note on %(date)s") % {"date": _day(project.last_note)}
                if project.last_note
                else _("No progress note yet")
            ),
        )
        for project in projects
    ]
    return tasks


def minutes_comment_tasks(*, user, person, focal_point_members: list[Member]) -> list[Task]:
    """Minutes circulated to the person (as an attendee, or as focal point of a member that attended) on which
    they have not commented yet (events.permissions.is_minutes_attendee, for all minutes in one query)."""
    attended = Q()
    if person is not None:
        attended |= Q(attendees__person=person)
    if focal_point_members:
        attended |= Q(attendees__member__in=focal_point_members) | Q(attendees__person__member__in=focal_point_members)
    if not attended:
        return []
    minutes = (
        Minutes.objects.filter(attended, status=Minutes.Status.CIRCULATED)
        .exclude(comments__author=user)
        .select_related("event")
        .distinct()
        .order_by("circulated_on", "pk")
    )
    return [
        Task(
            kind="minutes",
            title=_("Minutes of %(event)s") % {"event": item.event.title},
            url=item.get_absolute_url(),
            action=_("Read them and send your comments"),
            note=_("Circulated on %(date)s") % {"date": _day(item.circulated_on)} if item.circulated_on else "",
        )
        for item in minutes
    ]


def registration_tasks(*, user, person, now: dt.datetime) -> list[Task]:
    """Events the person may register for whose registration closes within REGISTRATION_SOON, not registered yet."""
    soon = now + REGISTRATION_SOON
    events = (
        upcoming_events(user=user)
        .filter(registration_open=True, starts_at__gt=now)
        .filter(
            Q(registration_deadline__gt=now, registration_deadline__lte=soon)
            | Q(registration_deadline__isnull=True, starts_at__lte=soon)
        )
        .order_by("starts_at")
    )
    if person is not None:
        registered = Registration.objects.filter(person=person, status=Registration.Status.CONFIRMED)
        events = events.exclude(pk__in=registered.values("event_id"))
    return [
        Task(
            kind="registration",
            title=event.title,
            url=f"{event.get_absolute_url()}#registration",
            action=_("Register before registration closes"),
            due_at=event.registration_deadline or event.starts_at,
        )
        for event in events
    ]


# ---- the page -----------------------------------------------------------------------------------------------------


def my_space(*, user, since: dt.datetime | None, now: dt.datetime | None = None) -> MySpace:
    now = now or timezone.now()
    today = timezone.localdate(now)
    person = getattr(user, "person", None)
    member = member_of(user)
    focal_points = list(FocalPoint.objects.filter(person__user=user).select_related("member__country"))
    focal_point_members = [focal_point.member for focal_point in focal_points]
    space = MySpace(member=member, focal_point_of=focal_point_members)

    tasks: list[Task] = []
    tasks += focal_point_tasks(focal_points=focal_points)
    if member is not None:
        tasks += consultation_tasks(member=member, can_answer=member in focal_point_members, now=now)
        if can_see_standing(user, member):
            space.dues = member_dues(member=member, year=today.year)
            if not space.dues.takes_part:
                tasks.append(
                    Task(
                        kind="dues",
                        title=_("Dues %(year)s of %(member)s") % {"year": today.year, "member": member.name},
                        url=member.get_absolute_url(),
                        action=_("Settle them with the coordination"),
                        note=space.dues.status_label,
                    )
                )
    # Like actionplan.permissions.can_post_progress: any focal point of the member, confirmed or not.
    tasks += progress_tasks(members=focal_point_members, today=today)
    tasks += minutes_comment_tasks(user=user, person=person, focal_point_members=focal_point_members)
    if member is not None and can_register(user):
        # A member's people register themselves (the coordination registers others from the event's page).
        tasks += registration_tasks(user=user, person=person, now=now)
    space.tasks = sorted(tasks, key=lambda task: task.sort_key)

    if person is not None:
        space.registrations = list(
            Registration.objects.filter(person=person, status=Registration.Status.CONFIRMED)
            .filter(event__in=upcoming_events(user=user))
            .select_related("event__country")
            .order_by("event__starts_at")
        )
    space.upcoming = Bounded.of(upcoming_events(user=user).order_by("starts_at", "year"))

    space.first_visit = since is None
    since = since or now - FIRST_VISIT_LOOKBACK
    space.since = since
    space.news = Bounded.of(published_news().filter(published_at__gt=since))
    space.documents = Bounded.of(documents_visible_to(user=user).filter(published_on__gte=timezone.localdate(since)))
    if can_read_minutes(user):
        space.decisions = Bounded.of(
            Decision.objects.filter(
                minutes__status=Minutes.Status.APPROVED,
                minutes__approved_on__gte=timezone.localdate(since),
                minutes__event__in=events_visible_to(user=user),
            )
            .select_related("minutes__event")
            .order_by("-minutes__approved_on", "minutes", "section", "number")
        )
        for decision in space.decisions.rows:
            decision.url = minutes_url(decision)

    if is_coordinator(user):
        space.coordination = coordination_queue(user=user)
    return space


def coordination_queue(*, user) -> dict:
    """What waits for the coordinator on the site (the admin's dashboard has the rest)."""
    return {
        "news": NewsItem.objects.filter(status=NewsItem.Status.SUBMITTED).count(),
        "progress": pending_progress_updates().count(),
        "proposals": proposals_visible_to(user=user).filter(publication=Event.Publication.PROPOSED).count(),
        "unconfirmed": FocalPoint.objects.filter(confirmed_on__isnull=True).count(),
    }


def calendar_feed_path(*, user) -> str | None:
    """The address of the person's own calendar feed, if they have made one."""
    from events.models import CalendarFeedToken

    token = CalendarFeedToken.objects.filter(user=user).only("token").first()
    return token.get_absolute_url() if token else None


def minutes_url(decision: Decision) -> str:
    return reverse("minutes:detail", kwargs={"slug": decision.minutes.event.slug}) + f"#{decision.anchor}"
