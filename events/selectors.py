from django.db.models import Q, QuerySet
from django.utils import timezone

from members.permissions import is_member_person

from .models import Event


def events_visible_to(*, user) -> QuerySet[Event]:
    events = Event.objects.select_related("country", "host_member")
    if not is_member_person(user):
        events = events.filter(visibility=Event.Visibility.PUBLIC)
    return events


def upcoming_events(*, user) -> QuerySet[Event]:
    """Events not over yet, and those whose date is still to be confirmed for this year or later."""
    now = timezone.now()
    return (
        events_visible_to(user=user)
        .filter(
            Q(ends_at__gte=now)
            | Q(ends_at__isnull=True, starts_at__gte=now)
            | Q(starts_at__isnull=True, year__gte=now.year)
        )
        .exclude(status=Event.Status.CANCELLED)
    )


def past_events(*, user) -> QuerySet[Event]:
    now = timezone.now()
    return (
        events_visible_to(user=user)
        .filter(
            Q(ends_at__lt=now)
            | Q(ends_at__isnull=True, starts_at__lt=now)
            | Q(starts_at__isnull=True, year__lt=now.year)
        )
        .order_by("-starts_at", "-year")
    )
