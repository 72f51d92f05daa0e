"""Coordinators are told when something waits: an e-mail each time, or one summary a day, as each one chose."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from consultations import services as consultations
from coordination import services
from coordination.models import DailySummary, NotificationPreference
from events import services as events
from members import services as members
from tests.factories import (
    CoordinatorFactory,
    FocalPointFactory,
    MemberFactory,
    NewsItemFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinators(db):
    """Two coordinators: Anna is told each time (the default), Bao chose one summary a day."""
    anna = CoordinatorFactory(email="anna@rvase.example")
    bao = CoordinatorFactory(email="bao@rvase.example")
    services.notification_preference_set(user=bao, mode=NotificationPreference.Mode.DAILY)
    return anna, bao


@pytest.fixture
def hue_focal_point(db):
    hue = MemberFactory(name="Hué", slug="hue")
    return FocalPointFactory(member=hue, person=PersonFactory(member=hue, user=UserFactory(email="pf@hue.example")))


def test_news_submitted_by_a_focal_point_is_told_at_once(
    coordinators, hue_focal_point, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members.news_create(
            member=hue_focal_point.member,
            by=hue_focal_point.person.user,
            data={"title": "Inauguration de la station de boues", "text": "La station ouvre.", "link": ""},
            submit=True,
        )
    (message,) = mail.outbox
    assert message.to == ["anna@rvase.example"]  # not Bao, who chose the daily summary
    assert message.subject == "[RVASE] Actualité de Hué à publier : Inauguration de la station de boues"
    assert "Le point focal de Hué a soumis une actualité" in message.body
    assert "http://127.0.0.1:8000/news/" in message.body


def test_a_draft_or_the_coordinations_own_news_tells_nobody(
    coordinators, hue_focal_point, django_capture_on_commit_callbacks
):
    anna, _bao = coordinators
    with django_capture_on_commit_callbacks(execute=True):
        draft = members.news_create(
            member=hue_focal_point.member, by=hue_focal_point.person.user, data={"title": "Brouillon", "text": "."}
        )
        members.news_create(member=hue_focal_point.member, by=anna, data={"title": "De la coordination", "text": "."})
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        members.news_update(item=draft, by=hue_focal_point.person.user, data={}, submit=True)
    assert [m.to for m in mail.outbox] == [["anna@rvase.example"]]


def test_a_hosting_candidature_and_an_answer_are_told_at_once(
    coordinators, hue_focal_point, django_capture_on_commit_callbacks
):
    hue, user = hue_focal_point.member, hue_focal_point.person.user
    year = timezone.localdate().year + 1
    with django_capture_on_commit_callbacks(execute=True):
        events.hosting_candidature_submit(member=hue, year=year, message="La citadelle.", by=user)
    assert mail.outbox[-1].subject == f"[RVASE] Hué propose d'accueillir la réunion annuelle {year}"
    now = timezone.now()
    round_ = consultations.consultation_open(
        by=None,
        subject="Feuille de route 2027",
        opened_on=now - datetime.timedelta(hours=1),
        deadline=now + datetime.timedelta(days=7),
        eligible=[hue],
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultations.response_submit(
            consultation=round_, member=hue, by=user, answer="object", comment="Le calendrier est trop serré."
        )
    answer = mail.outbox[-1]
    assert answer.subject == "[RVASE] Hué a répondu à « Feuille de route 2027 »"
    assert "Hué a répondu à la consultation « Feuille de route 2027 » : Objecter." in " ".join(answer.body.split())
    assert all(m.to == ["anna@rvase.example"] for m in mail.outbox)


def test_proposals_and_comments_follow_each_coordinators_choice(coordinators):
    from events.services import coordinator_addresses

    assert coordinator_addresses() == ["anna@rvase.example"]
    anna, _bao = coordinators
    services.notification_preference_set(user=anna, mode=NotificationPreference.Mode.DAILY)
    assert coordinator_addresses() == []  # both chose the summary: nobody is written to at once


def test_the_network_address_is_told_when_nobody_holds_the_role(db):
    from events.services import coordinator_addresses

    assert coordinator_addresses() == ["coordination@rvase.example"]


def test_the_daily_summary_says_what_waits_and_only_when_something_does(coordinators, hue_focal_point):
    now = timezone.now()
    assert services.daily_summaries_send(now=now) == 0  # nothing waits: nothing is sent
    assert not mail.outbox
    NewsItemFactory(member=hue_focal_point.member, status="submitted", published_at=None, submitted_at=now)
    NewsItemFactory(member=hue_focal_point.member, status="submitted", published_at=None, submitted_at=now)
    assert services.daily_summaries_send(now=now) == 1
    (message,) = mail.outbox
    assert message.to == ["bao@rvase.example"]  # Anna is told each time, not by the summary
    assert "Ce qui attend la coordination" in message.subject
    body = " ".join(message.body.split())
    assert "2 actualités à modérer" in body and "/news/" in body and "/admin/" in body
    assert services.daily_summaries_send(now=now) == 0  # once a day
    assert DailySummary.objects.get().waiting["news"] == 2
    assert services.daily_summaries_send(now=now + datetime.timedelta(days=1)) == 1


def test_the_beat_sends_the_summary_once_a_day(settings, coordinators, hue_focal_point):
    from coordination.tasks import send_daily_summaries

    entry = settings.CELERY_BEAT_SCHEDULE["coordination-daily-summary"]
    assert entry["task"] == "coordination.tasks.send_daily_summaries"
    NewsItemFactory(member=hue_focal_point.member, status="submitted", published_at=None)
    assert send_daily_summaries() == 1
    assert send_daily_summaries() == 0


def test_progress_notes_follow_the_choice_too(coordinators, hue_focal_point):
    from actionplan import services as plan
    from tests.factories import ActionFactory

    action = ActionFactory()
    action.members.add(hue_focal_point.member)
    update = plan.progress_note_post(
        target=action, author=hue_focal_point.person.user, text="Atelier tenu.", date=timezone.localdate()
    )
    assert plan.progress_note_notify_coordinators(update=update) == 1
    assert [m.to for m in mail.outbox] == [["anna@rvase.example"]]
