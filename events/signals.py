"""Keep the cached calendar feeds in step with the events they show."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from actionplan.models import Action, ActionPlan, Axis, Milestone, ThematicRoadmap
from members.models import Country, Member, Person

from . import ics, pdfs
from .models import Event, Minutes, MinutesVersion, Session, SessionSpeaker, StoredPDF


@receiver(post_save, sender=Event, dispatch_uid="events_feed_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="events_feed_event_deleted")
@receiver(post_save, sender=Country, dispatch_uid="events_feed_country_saved")
def event_changed(sender, **kwargs) -> None:
    ics.invalidate_feeds()  # now, and again after the commit


@receiver(m2m_changed, sender=Event.themes.through, dispatch_uid="events_feed_themes_changed")
def event_themes_changed(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        ics.invalidate_feeds()  # now, and again after the commit


# ---- the annual-meeting summary ------------------------------------------------------------------------------------
# A summary's stored PDF is kept while what it shows is unchanged (events.pdfs.summary_fingerprint). Saving anything
# it shows makes the cached fingerprints stale; the PDF itself is rendered again only if the content really changed.


def _summaries_changed(sender, **kwargs) -> None:
    pdfs.summaries_changed()  # now, and again after the commit


for _model in (
    Event,
    Session,
    SessionSpeaker,
    Minutes,
    MinutesVersion,
    Person,
    Member,
    Country,
    ActionPlan,
    Axis,
    Action,
    ThematicRoadmap,
    Milestone,
):
    post_save.connect(_summaries_changed, sender=_model, dispatch_uid=f"events_summary_{_model._meta.label}_saved")
    post_delete.connect(_summaries_changed, sender=_model, dispatch_uid=f"events_summary_{_model._meta.label}_deleted")


# ---- the stored PDFs' lookup -------------------------------------------------------------------------------------
# A minutes download finds its stored PDF in the cache (events.pdfs.downloadable_minutes_pdf), with the event's
# fields that say who may see it: saving or deleting any of those rows makes the cached lookups stale.


def _stored_pdfs_changed(sender, **kwargs) -> None:
    pdfs.stored_pdfs_changed()  # now, and again after the commit


for _model in (Event, Minutes, MinutesVersion, StoredPDF):
    post_save.connect(_stored_pdfs_changed, sender=_model, dispatch_uid=f"events_stored_{_model._meta.label}_saved")
    post_delete.connect(_stored_pdfs_changed, sender=_model, dispatch_uid=f"events_stored_{_model._meta.label}_deleted")
