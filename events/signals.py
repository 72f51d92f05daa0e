"""Keep the cached calendar feeds in step with the events they show."""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from members.models import Country

from . import ics
from .models import Event

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Event, dispatch_uid="events_feed_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="events_feed_event_deleted")
@receiver(post_save, sender=Country, dispatch_uid="events_feed_country_saved")
def event_changed(sender, **kwargs) -> None:
    ics.invalidate_feeds()  # now, and again after the commit


@receiver(m2m_changed, sender=Event.themes.through, dispatch_uid="events_feed_themes_changed")
def event_themes_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        ics.invalidate_feeds()  # now, and again after the commit


@receiver(post_save, sender=Event, dispatch_uid="events_calendar_entries_made")
def event_saved(sender, instance: Event, **kwargs) -> None:
    """The saved event's VEVENTs are made once its transaction commits, so that no feed request pays for them."""
    pk = instance.pk
    transaction.on_commit(lambda: _store_calendar_entries(pk))


def _store_calendar_entries(pk: int) -> None:
    try:
        ics.store_calendar_entries(Event.objects.select_related("country").filter(pk=pk))
    except Exception:  # the save stands; the next feed build makes what is missing
        logger.exception("The calendar entries of event %s could not be stored", pk)
