"""Keep the cached calendar feeds in step with the events they show."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from members.models import Country

from . import ics
from .models import Event


@receiver(post_save, sender=Event, dispatch_uid="events_feed_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="events_feed_event_deleted")
@receiver(post_save, sender=Country, dispatch_uid="events_feed_country_saved")
def event_changed(sender, **kwargs) -> None:
    ics.invalidate_feeds()  # now, and again after the commit


@receiver(m2m_changed, sender=Event.themes.through, dispatch_uid="events_feed_themes_changed")
def event_themes_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        ics.invalidate_feeds()  # now, and again after the commit
