"""Keep the cached calendar feeds in step with the events they show."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from members.models import Country

from . import ics
from .models import Event


def _invalidate_now_and_after_commit() -> None:
    # Now, for this transaction's own reads; after the commit again, in case a feed was rebuilt meanwhile
    # from the rows as they were before the commit.
    ics.invalidate_feeds()
    transaction.on_commit(ics.invalidate_feeds)


@receiver(post_save, sender=Event, dispatch_uid="events_feed_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="events_feed_event_deleted")
@receiver(post_save, sender=Country, dispatch_uid="events_feed_country_saved")
def event_changed(sender, **kwargs) -> None:
    _invalidate_now_and_after_commit()


@receiver(m2m_changed, sender=Event.themes.through, dispatch_uid="events_feed_themes_changed")
def event_themes_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _invalidate_now_and_after_commit()
