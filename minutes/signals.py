"""Keep the stored PDFs' cached fingerprints and look-ups in step with the rows they show."""

from django.db.models.signals import post_delete, post_save

from actionplan.models import (
    Action,
    ActionPlan,
    Axis,
    Milestone,
    Partner,
    Project,
    ThematicRoadmap,
    Theme,
    WorkingModality,
)
from events.models import Event, Session, SessionSpeaker
from members.models import Country, Member, Person
from network.models import NetworkText

from . import pdfs
from .models import Decision, Minutes, MinutesAttendee, MinutesVersion, StoredPDF


def _on_save_and_delete(receiver, models, name: str) -> None:
    for model in models:
        for signal, done in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(receiver, sender=model, dispatch_uid=f"minutes_{name}_{model._meta.label}_{done}")


# ---- the annual-meeting summary ------------------------------------------------------------------------------------
# A summary's stored PDF is kept while what it shows is unchanged (minutes.pdfs.summary_fingerprint). Saving anything
# it shows makes the cached fingerprints stale; the PDF itself is rendered again only if the content really changed.


def _summaries_changed(sender, **kwargs) -> None:
    pdfs.summaries_changed()  # now, and again after the commit


_on_save_and_delete(
    _summaries_changed,
    (
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
        # What the summary shows since it holds the whole record of the meeting: the circulated text's attendees
        # and decisions, the themes, projects, partners and working modalities, Session 1's passages.
        MinutesAttendee,
        Decision,
        Theme,
        Project,
        Partner,
        WorkingModality,
        NetworkText,
    ),
    "summary",
)


# ---- the stored PDFs' lookup -------------------------------------------------------------------------------------
# A minutes download finds its stored PDF in the cache (minutes.pdfs.downloadable_minutes_pdf), with the event's
# fields that say who may see it: saving or deleting any of those rows makes the cached lookups stale.


def _stored_pdfs_changed(sender, **kwargs) -> None:
    pdfs.stored_pdfs_changed()  # now, and again after the commit


_on_save_and_delete(_stored_pdfs_changed, (Event, Minutes, MinutesVersion, StoredPDF), "stored")
