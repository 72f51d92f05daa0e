import datetime as dt

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from actionplan.models import Theme
from members.models import Member, Person
from members.permissions import is_coordinator, is_member_person, member_of

from .models import CalendarFeedToken, Event, HostingCandidature, Registration, Session, SessionSpeaker
from .permissions import can_see_event


def events_visible_to(*, user) -> QuerySet[Event]:
    """Published events the user may read: public ones, and members-only ones for the members' people."""
    events = Event.objects.select_related("country", "host_member").filter(publication=Event.Publication.PUBLISHED)
    if not is_member_person(user):
        events = events.filter(visibility=Event.Visibility.PUBLIC)
    return events


SUGGESTIONS = 10


def event_suggestions(*, user, text: str) -> list[dict]:
    """The newest events the user may see whose title holds `text`, for a filter's text box."""
    text = text.strip()
    if len(text) < 2:
        return []
    events = events_visible_to(user=user).filter(Q(title__icontains=text) | Q(slug__icontains=text))
    events = events.select_related(None).order_by("-year", "title").only("title", "slug", "year")[:SUGGESTIONS]
    return [{"name": event.title, "slug": event.slug, "year": event.year} for event in events]


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


# What a subscribed calendar holds: the last twelve months and everything ahead; the years before are in the
# yearly archive feeds (/events/calendar/archive/<year>.ics).
FEED_WINDOW = dt.timedelta(days=365)


def feed_window_start(*, today: dt.date | None = None) -> dt.date:
    """The first day of the feeds' window (a day, so that the feed changes at most once a day with time)."""
    return (today or timezone.localdate()) - FEED_WINDOW


def windowed_feed_events(*, members_only_included: bool, since: dt.date) -> QuerySet[Event]:
    """feed_events() not over before `since` (a day in the site's zone)."""
    start = dt.datetime.combine(since, dt.time.min, tzinfo=timezone.get_current_timezone())
    return feed_events(members_only_included=members_only_included).filter(
        Q(starts_at__gte=start) | Q(ends_at__gte=start)
    )


def archive_feed_events(*, year: int) -> QuerySet[Event]:
    """The public events of one year, for its archive feed."""
    return feed_events(members_only_included=False).filter(year=year)


def feed_archive_years() -> list[int]:
    """The years with public dated events, newest first, for the archive feeds' links."""
    years = feed_events(members_only_included=False).order_by().values_list("year", flat=True).distinct()
    return sorted(years, reverse=True)


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
