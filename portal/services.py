import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import PortalVisit

# Two openings of "Mon espace" closer than this are one visit: "since your last visit" keeps its meaning while
# the person goes back and forth between the page and what it links to.
VISIT_GAP = dt.timedelta(hours=1)


@transaction.atomic
def portal_visit_record(*, user: User, now: dt.datetime | None = None) -> dt.datetime | None:
    """Record that `user` opens "Mon espace" now; return when their previous visit was (None: the first one)."""
    now = now or timezone.now()
    visit = PortalVisit.objects.select_for_update().filter(user=user).first()
    if visit is None:
        PortalVisit.objects.create(user=user, seen_at=now)
        return None
    if now - visit.seen_at >= VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_seen_at"])
    return visit.previous_seen_at
