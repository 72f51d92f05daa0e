import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, ReminderSent

pytestmark = pytest.mark.django_db


def test_reminders_go_to_members_that_have_not_answered_once_per_step(network, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(reminder_days="7,2")
    services.response_submit(
        consultation=consultation,
        member=network["hue"],
        by=network["focal_points"]["hue"].person.user,
        answer="approve",
    )
    deadline = consultation.deadline
    # Eight days before: no reminder is due.
    assert services.reminders_send(now=deadline - dt.timedelta(days=8)) == 0
    # Six days before: the 7-day reminder, to Vientiane and Kampot only.
    assert services.reminders_send(now=deadline - dt.timedelta(days=6)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["fp@kampot.example", "fp@vientiane.example"]
    assert "Plan d'action thématique GBV" in mail.outbox[0].subject
    # The daily check runs again the same day, and the next: nothing is sent twice.
    assert services.reminders_send(now=deadline - dt.timedelta(days=6)) == 0
    assert services.reminders_send(now=deadline - dt.timedelta(days=5)) == 0
    assert len(mail.outbox) == 2
    # Two days before: the second reminder, once.
    assert services.reminders_send(now=deadline - dt.timedelta(days=1, hours=12)) == 2
    assert services.reminders_send(now=deadline - dt.timedelta(days=1)) == 0
    assert ReminderSent.objects.count() == 4
    # After the deadline, nothing.
    assert services.reminders_send(now=deadline + dt.timedelta(hours=1)) == 0


def test_the_hourly_task_closes_rounds_at_their_deadline(network, consultation):
    from consultations.tasks import close_due_consultations

    assert close_due_consultations.delay().get() == []
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    assert close_due_consultations.delay().get() == [consultation.pk]
    consultation.refresh_from_db()
    assert consultation.is_closed and consultation.result == "no_quorum"


def test_the_beat_schedule_declares_both_checks():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"consultations.tasks.send_consultation_reminders", "consultations.tasks.close_due_consultations"} <= tasks
