"""Telling the coordination what waits: an e-mail each time (news, proposals, hosting candidatures, comments on
minutes, answers to rounds) or one summary a day, as each coordinator chose."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from common.email import send_templated_email
from common.links import absolute_url

from . import selectors
from .models import DailySummary, NotificationPreference
from .recipients import coordinators_told_daily, coordinators_told_immediately


@transaction.atomic
def notification_preference_set(*, user: User, mode: str) -> NotificationPreference:
    if mode not in NotificationPreference.Mode.values:
        raise ValueError(mode)
    preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"mode": mode})
    return preference


def notify_waiting(*, kind: str, object_id: int) -> int:
    """E-mail the coordinators who want to know at once that something arrived; returns how many were written to."""
    item = selectors.waiting_item(kind=kind, object_id=object_id)
    if item is None:
        return 0
    sent = 0
    recipients = coordinators_told_immediately()
    if item.get("author") is not None:
        recipients = recipients.exclude(pk=item["author"].pk)
    for user in recipients:
        send_templated_email(
            template="coordination/email/waiting",
            to=[user.email],
            language=user.preferred_language,
            context={**item, "recipient": user, "dashboard_url": absolute_url(reverse("admin:index"))},
        )
        sent += 1
    return sent


def daily_summaries_send(*, now: datetime.datetime | None = None) -> int:
    """One e-mail a day to each coordinator who chose it, saying what waits; nothing when nothing waits. A rerun the
    same day sends nothing twice. Returns how many summaries were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting = selectors.waiting_counts()
    since = now - datetime.timedelta(days=1)
    answers = selectors.answers_since(since=since)
    if not any(waiting.values()) and not answers:
        return 0
    context = {
        "waiting": waiting,
        "answers": answers,
        "minutes_comments": selectors.minutes_with_open_comments(),
        "dashboard_url": absolute_url(reverse("admin:index")),
        "links": {
            "news": absolute_url(reverse("news:list")),
            "progress": absolute_url(reverse("actionplan:progress-pending")),
            "proposals": absolute_url(reverse("events:proposals")),
            "hosting": absolute_url(reverse("events:hosting")),
        },
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    sent = 0
    for user in coordinators_told_daily():
        try:
            with transaction.atomic():
                DailySummary.objects.create(
                    user=user, day=today, waiting={**waiting, "answers": sum(a["count"] for a in answers)}
                )
                send_templated_email(
                    template="coordination/email/daily_summary",
                    to=[user.email],
                    language=user.preferred_language,
                    context={**context, "recipient": user, "day": today},
                )
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent
