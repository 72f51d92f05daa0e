"""Data for the walks of tests/common: hostile values in every field a focal point writes (see
test_hostile_values.py), and the objects the fuzz test walks through."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from actionplan.models import ProgressUpdate
from consultations.models import Consultation, Response, ResponseChange
from digest.models import Digest
from documents.models import Document
from events.models import Event, HostingCandidature
from members.models import NewsItem
from tests.factories import (
    ActionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    EventFactory,
    FocalPointFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)

LONG = (
    '"><script>alert("rvase")</script><meta http-equiv="refresh" content="0;url=https://198.51.100.7/">'
    "<img src=x onerror=alert(1)>"
)
SHORT = '"><svg onload=alert(1)>'
# What would act in a page if printed as it is.
MARKERS = ['<script>alert("rvase")', '<meta http-equiv="refresh"', "<img src=x onerror", "<svg onload=alert(1)>"]


def hostile(model, name: str, suffix: str = "") -> str:
    """The payload for one field, within its length."""
    limit = model._meta.get_field(name).max_length
    for payload in (LONG + suffix, SHORT + suffix):
        if limit is None or len(payload) <= limit:
            return payload
    raise AssertionError(f"{model.__name__}.{name} is too short for a payload")


def fill(instance, *names: str, suffix: str = "") -> None:
    """Write the payload into these fields as stored, as a bypassed or future form might let it through."""
    values = {name: hostile(type(instance), name, suffix) for name in names}
    type(instance)._default_manager.filter(pk=instance.pk).update(**values)


def minutes_models():
    for label in ("minutes", "events"):  # the minutes may live in their own app
        try:
            return apps.get_model(label, "Minutes"), apps.get_model(label, "MinutesComment")
        except LookupError:
            continue
    raise LookupError("Minutes")


@pytest.fixture
def hostile_network(db, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    month = month.replace(day=1)  # last month: its digest can be sent
    in_month = timezone.make_aware(datetime.datetime(month.year, month.month, 10, 9))

    member = MemberFactory(slug="hue", name="Hué")
    fill(member, "description", "website", "email", "phone", "address")
    user = UserFactory(email="fp@hue.example")
    focal_point = FocalPointFactory(member=member, person=PersonFactory(member=member, user=user, email=user.email))
    official = PersonFactory(member=member, is_official=True)
    fill(official, "honorific", "full_name", "title")

    for status, suffix in ((NewsItem.Status.PUBLISHED, ""), (NewsItem.Status.SUBMITTED, " 2")):
        news = NewsItem.objects.create(
            member=member,
            author=user,
            title="x",
            text="x",
            status=status,
            published_at=in_month if status == NewsItem.Status.PUBLISHED else None,
            submitted_at=in_month,
        )
        fill(news, "title", "text", "link", suffix=suffix)

    proposal = EventFactory(
        slug="proposition-hue",
        host_member=member,
        proposed_by=user,
        publication=Event.Publication.PROPOSED,
        starts_at=in_month,
        ends_at=in_month + datetime.timedelta(hours=2),
        year=in_month.year,
    )
    fill(proposal, "title", "description", "place", "city", "country_name")
    published = EventFactory(
        slug="atelier-hue",
        host_member=member,
        starts_at=in_month + datetime.timedelta(days=40),
        ends_at=in_month + datetime.timedelta(days=40, hours=2),
    )
    fill(published, "title", "description", "place", "city", suffix=" 2")

    candidature = HostingCandidature.objects.create(
        member=member, year=timezone.localdate().year + 1, submitted_by=user
    )
    fill(candidature, "message")

    document = DocumentFactory(member=member, visibility=Document.Visibility.MEMBERS)
    fill(document, "title", "description")
    version = DocumentVersionFactory(document=document, number=1)
    fill(version, "original_name")

    action = ActionFactory()
    action.members.add(member)
    note = ProgressUpdate.objects.create(action=action, author=user, text="x", proposed_status="done")
    fill(note, "text")

    consultation = Consultation.objects.create(
        subject="Feuille de route", opened_on=in_month, deadline=timezone.now() + datetime.timedelta(days=5)
    )
    consultation.eligible_members.add(member)
    response = Response.objects.create(
        consultation=consultation, member=member, answer="object", comment="x", answered_by=user, answered_at=in_month
    )
    fill(response, "comment")
    change = ResponseChange.objects.create(
        consultation=consultation, member=member, answer="object", comment="x", answered_by=user, answered_at=in_month
    )
    fill(change, "comment")

    minutes_model, comment_model = minutes_models()
    minutes = minutes_model.objects.create(event=published, status="circulated")
    comment = comment_model.objects.create(minutes=minutes, author=user, text="x")
    fill(comment, "text", "proposed_text")

    digest = Digest.objects.create(month=month)
    return {"member": member, "focal_point": focal_point, "digest": digest, "user": user}
