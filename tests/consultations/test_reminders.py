import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, ReminderSent
from tests.mail_headers import assert_bulk, one_click, parsed
from tests.utils import page_text

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


def test_a_reminder_is_a_mailing_its_reader_may_leave_in_one_click(network, consultation, settings):
    settings.SITE_URL = "https://portail.rvase.example"
    deadline = consultation.deadline
    assert services.reminders_send(now=deadline - dt.timedelta(days=1, hours=12)) == 3
    received = {message.to[0]: parsed(message) for message in mail.outbox}
    path = assert_bulk(received["fp@kampot.example"], language="fr")
    assert received["fp@kampot.example"]["List-Id"] == "<consultation-reminders.portail.rvase.example>"
    response = one_click(Client(enforce_csrf_checks=True), path)
    assert "fp@kampot.example ne recevra plus : Rappels des consultations." in page_text(response)
    # The next step's reminder goes to the two others only, and says so in its record.
    mail.outbox.clear()
    Consultation.objects.filter(pk=consultation.pk).update(reminder_days="2,1")
    assert services.reminders_send(now=deadline - dt.timedelta(hours=12)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["fp@hue.example", "fp@vientiane.example"]
    assert ReminderSent.objects.get(member=network["kampot"], days_before=1).recipients == []
