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

from . import selectors
from .models import DailySummary, NotificationPreference
from .recipients import coordinators_told_daily, coordinators_told_immediately


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def notification_preference_set(*, user: User, mode: str) -> NotificationPreference:
    if mode not in NotificationPreference.Mode.values:
        raise ValueError(mode)
    preference, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"mode": mode})
    return preference


def _waiting_item(*, kind: str, object_id: int) -> dict | None:
    """What arrived, in words and with the page where it is handled; None when it no longer waits."""
    from consultations.models import Response
    from events.models import HostingCandidature
    from members.models import NewsItem

    if kind == "news":
        item = NewsItem.objects.select_related("member", "author").filter(pk=object_id).first()
        if item is None or item.status != NewsItem.Status.SUBMITTED:
            return None
        return {
            "kind": kind,
            "member": item.member.name,
            "title": item.title,
            "author": item.author,
            "url": absolute(reverse("news:list")),
        }
    if kind == "hosting":
        candidature = HostingCandidature.objects.select_related("member", "submitted_by").filter(pk=object_id).first()
        if candidature is None or candidature.status != HostingCandidature.Status.SUBMITTED:
            return None
        return {
            "kind": kind,
            "member": candidature.member.name,
            "title": str(candidature.year),
            "author": candidature.submitted_by,
            "url": absolute(reverse("events:hosting")),
        }
    if kind == "answer":
        response = Response.objects.select_related("member", "consultation", "answered_by").filter(pk=object_id).first()
        if response is None:
            return None
        return {
            "kind": kind,
            "member": response.member.name,
            "title": response.consultation.subject,
            "answer": response.get_answer_display(),
            "author": response.answered_by,
            "url": absolute(reverse("admin:consultations_consultation_change", args=[response.consultation_id])),
        }
    raise ValueError(kind)


def notify_waiting(*, kind: str, object_id: int) -> int:
    """E-mail the coordinators who want to know at once that something arrived; returns how many were written to."""
    item = _waiting_item(kind=kind, object_id=object_id)
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
            context={**item, "recipient": user, "dashboard_url": absolute(reverse("admin:index"))},
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
        "dashboard_url": absolute(reverse("admin:index")),
        "links": {
            "news": absolute(reverse("news:list")),
            "progress": absolute(reverse("actionplan:progress-pending")),
            "proposals": absolute(reverse("events:proposals")),
            "hosting": absolute(reverse("events:hosting")),
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
