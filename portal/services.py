import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import PortalVisit

# Two openings of "Mon espace" closer than this are one visit: "since your last visit" keeps its meaning while
# the person goes back and forth between the page and what it links to.
VISIT_GAP = dt.timedelta(hours=1)
# The row is written at most once in this period per person (the cache remembers the last write): a reload of the
# page, or several tabs opening it, then locks and writes nothing. "Last seen" is at most this late, so a visit
# is one visit for a gap up to VISIT_GAP + RECORD_EVERY.
RECORD_EVERY = dt.timedelta(minutes=5)


def _recorded_key(user_id) -> str:
    return f"portal:visit:{user_id}"


def portal_visit_record(*, user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """Record that `user` opens "Mon espace" now; return when their previous visit was (None: the first one)."""
    now = now or timezone.now()
    recorded = cache.get(_recorded_key(user.pk))
    if recorded is not None:
        seen_at, previous_seen_at = recorded
        if seen_at <= now < seen_at + RECORD_EVERY:
            return previous_seen_at
    seen_at, previous_seen_at = _visit_write(user=user, now=now)
    # Kept after the commit only: a rolled-back write is not remembered as made.
    transaction.on_commit(
        lambda: cache.set(_recorded_key(user.pk), (seen_at, previous_seen_at), RECORD_EVERY.total_seconds())
    )
    return previous_seen_at


@transaction.atomic
def _visit_write(*, user: User, now: dt.datetime) -> tuple[dt.datetime, dt.datetime | None]:
    visit = PortalVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        PortalVisit.objects.create(user=user, seen_at=now)
        return now, None
    if now - visit.seen_at >= VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_seen_at"])
    return visit.seen_at, visit.previous_seen_at
