"""What the coordinator's dashboard shows: what waits, the rounds, the dues, the focal points, the next events, the
digest and the latest activity. Each part costs a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import chain

from celery.schedules import crontab
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import ProgressUpdate
from common.links import absolute_url
from common.translated import count_sql, missing_english, missing_english_union
from consultations.models import Consultation, Response, ResponseChange
from digest.models import Digest, DigestDelivery
from events.models import Event, HostingCandidature
from members import selectors as member_selectors
from members.models import DuesPayment, DuesRecord, FocalPoint, Member, MemberRevision, NewsItem
from minutes.models import MinutesComment

ACTIVITY_PER_SOURCE = 8
ACTIVITY_SHOWN = 15
NEXT_EVENTS = 5
FOCAL_POINT_CONFIRMATION_VALID_DAYS = 365


def waiting_counts() -> dict[str, int]:
    """How many things wait for the coordination, by kind (one query)."""
    row = NewsItem.objects.aggregate(
        news=Count("pk", filter=Q(status=NewsItem.Status.SUBMITTED)),
    )
    row.update(ProgressUpdate.objects.aggregate(progress=Count("pk", filter=Q(review=ProgressUpdate.Review.PENDING))))
    row.update(Event.objects.aggregate(proposals=Count("pk", filter=Q(publication=Event.Publication.PROPOSED))))
    row.update(
        HostingCandidature.objects.aggregate(
            candidatures=Count("pk", filter=Q(status=HostingCandidature.Status.SUBMITTED))
        )
    )
    row.update(
        MinutesComment.objects.aggregate(
            comments=Count("pk", filter=Q(status=MinutesComment.Status.OPEN, kind=MinutesComment.Kind.COMMENT)),
            amendments=Count("pk", filter=Q(status=MinutesComment.Status.OPEN, kind=MinutesComment.Kind.AMENDMENT)),
        )
    )
    return row


def answers_since(*, since: datetime.datetime) -> list[dict]:
    """Answers to rounds given since `since`, counted per round (one query)."""
    rows = (
        ResponseChange.objects.filter(answered_at__gte=since)
        .values("consultation_id", "consultation__subject")
        .annotate(count=Count("pk"))
        .order_by("consultation__subject")
    )
    return [
        {
            "subject": row["consultation__subject"],
            "count": row["count"],
            "url": reverse("admin:consultations_consultation_change", args=[row["consultation_id"]]),
        }
        for row in rows
    ]


def minutes_with_open_comments(limit: int = 5) -> list[dict]:
    """The minutes that have comments or amendments waiting for an answer, with how many (one query)."""
    rows = (
        MinutesComment.objects.filter(status=MinutesComment.Status.OPEN)
        .values("minutes__event__title", "minutes__event__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "minutes__event__title")[:limit]
    )
    return [
        {
            "title": row["minutes__event__title"],
            "count": row["count"],
            "url": reverse("minutes:detail", kwargs={"slug": row["minutes__event__slug"]}) + "#comments",
        }
        for row in rows
    ]


def next_consultation_reminder(consultation: Consultation, now: datetime.datetime) -> datetime.datetime | None:
    """When the next reminder step of a round falls due (the daily task sends it at its next run)."""
    try:
        days = consultation.reminder_day_list
    except ValueError:
        return None
    moments = [consultation.deadline - datetime.timedelta(days=d) for d in days]
    upcoming = [moment for moment in moments if moment > now]
    return min(upcoming) if upcoming else None


def open_consultations(*, now: datetime.datetime) -> list[dict]:
    """Rounds open now: answers received / members consulted, the deadline and the next reminder (one query)."""
    rounds = (
        Consultation.objects.filter(closed_at__isnull=True, opened_on__lte=now)
        .annotate(
            expected=Count("eligible_members", distinct=True),
            received=Count("responses", distinct=True),
        )
        .order_by("deadline", "pk")
    )
    lines = []
    for consultation in rounds:
        overdue = consultation.deadline <= now
        lines.append(
            {
                "consultation": consultation,
                "received": consultation.received,
                "expected": consultation.expected,
                "deadline": consultation.deadline,
                "overdue": overdue,
                "next_reminder": None
                if overdue or consultation.received >= consultation.expected
                else next_consultation_reminder(consultation, now),
                "url": reverse("admin:consultations_consultation_change", args=[consultation.pk]),
            }
        )
    return lines


def focal_point_counts(*, today: datetime.date) -> dict:
    """Members without a confirmed focal point, confirmations older than a year, requests waiting (two queries)."""
    without = member_selectors.members_without_confirmed_focal_point().count()
    year_ago = today - datetime.timedelta(days=FOCAL_POINT_CONFIRMATION_VALID_DAYS)
    request_valid_since = timezone.now() - datetime.timedelta(days=settings.FOCAL_POINT_CONFIRMATION_DAYS)
    row = FocalPoint.objects.filter(is_primary=True).aggregate(
        old=Count("pk", filter=Q(confirmed_on__lt=year_ago)),
        requested=Count(
            "pk",
            filter=Q(confirmed_on__isnull=True, confirmation_requested_at__gte=request_valid_since),
        ),
        expired=Count(
            "pk",
            filter=Q(confirmed_on__isnull=True, confirmation_requested_at__lt=request_valid_since),
        ),
    )
    return {"without": without, **row}


def dues_counts(*, year: int) -> dict:
    """The dues of the year: members per status and the balance left to pay (two queries)."""
    schedule = member_selectors.dues_year(year=year)
    rows = member_selectors.members_with_dues(year=year, schedule=schedule).values_list(
        "dues_status", "dues_due", "dues_paid"
    )
    counts = dict.fromkeys(DuesRecord.Status.values, 0)
    balance = paid = member_selectors.ZERO
    unknown = 0
    for status, due, paid_amount in rows:
        counts[status] += 1
        paid += paid_amount
        if status in (DuesRecord.Status.UNPAID, DuesRecord.Status.PARTIAL):
            if due is None:
                unknown += 1
            else:
                balance += max(due - paid_amount, member_selectors.ZERO)
    return {
        "year": year,
        "schedule": schedule,
        "statuses": [
            {"status": value, "label": label, "count": counts[value]} for value, label in DuesRecord.Status.choices
        ],
        "balance": balance,
        "paid": paid,
        "unknown": unknown,
    }


def next_events(*, now: datetime.datetime, limit: int = NEXT_EVENTS) -> list[Event]:
    """The next published events, with their confirmed registrations (one query)."""
    return list(
        Event.objects.filter(publication=Event.Publication.PUBLISHED, starts_at__gte=now)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("host_member")
        .annotate(registered=Count("registrations", filter=Q(registrations__status="confirmed")))
        .order_by("starts_at")[:limit]
    )


def next_digest_send(*, now: datetime.datetime) -> datetime.datetime:
    """When the beat sends the next monthly digest (settings.DIGEST_SCHEDULE, in the network's zone)."""
    local_now = timezone.localtime(now)
    schedule = crontab(**settings.DIGEST_SCHEDULE, nowfun=lambda: local_now)
    # remaining_estimate counts from the last run: from now, it gives the next run after now.
    return local_now + schedule.remaining_estimate(local_now)


def digest_status(*, now: datetime.datetime) -> dict:
    """The last digest sent (delivered / failed), the next scheduled send and what it will cover (two queries)."""
    last = (
        Digest.objects.filter(started_at__isnull=False)
        .annotate(
            sent=Count("deliveries", filter=Q(deliveries__status=DigestDelivery.Status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=DigestDelivery.Status.FAILED)),
            pending=Count("deliveries", filter=Q(deliveries__status=DigestDelivery.Status.PENDING)),
        )
        .order_by("-month")
        .first()
    )
    next_send = next_digest_send(now=now)
    # The send on the 1st covers the month that has just ended then.
    covered = (timezone.localtime(next_send).date().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    upcoming = Digest.objects.filter(month=covered).only("pk").first()
    if upcoming is not None:
        preview_url = reverse("admin:digest_digest_preview", args=[upcoming.pk])
    else:
        preview_url = reverse("admin:digest_digest_add") + f"?month_text={covered:%Y-%m}"
    return {
        "last": last,
        "last_url": reverse("admin:digest_digest_progress", args=[last.pk]) if last else "",
        "next_send": next_send,
        "covered": covered,
        "preview_url": preview_url,
    }


@dataclass
class Activity:
    when: datetime.datetime
    who: str
    what: str
    url: str = ""


def _name(user) -> str:
    if user is None:
        return _("someone no longer registered")
    person = getattr(user, "person", None)
    return (person.full_name if person else "") or user.get_full_name() or user.email


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def recent_activity(*, limit: int = ACTIVITY_SHOWN) -> list[Activity]:
    """Who changed what lately, from the records the portal keeps anyway: the admin's log, the members' page history,
    progress notes, answers to rounds, comments on minutes, news submitted and payments recorded (seven queries)."""
    n = ACTIVITY_PER_SOURCE
    entries = LogEntry.objects.select_related("user__person", "content_type").order_by("-action_time")[:n]
    revisions = MemberRevision.objects.select_related("author__person", "member").order_by("-created_at")[:n]
    notes = ProgressUpdate.objects.select_related("author__person", "action__plan", "project").order_by("-created_at")[
        :n
    ]
    answers = ResponseChange.objects.select_related("answered_by__person", "member", "consultation").order_by(
        "-answered_at"
    )[:n]
    comments = MinutesComment.objects.select_related("author__person", "minutes__event").order_by("-created_at")[:n]
    news = (
        NewsItem.objects.filter(submitted_at__isnull=False)
        .select_related("author__person", "member")
        .order_by("-submitted_at")[:n]
    )
    payments = DuesPayment.objects.select_related("recorded_by__person", "record__member").order_by("-recorded_at")[:n]
    items = chain(
        (
            Activity(
                when=entry.action_time,
                who=_name(entry.user),
                what=_("%(action)s “%(object)s” (%(model)s)%(detail)s")
                % {
                    "action": {
                        1: _("added"),
                        2: _("changed"),
                        3: _("deleted"),
                    }.get(entry.action_flag, ""),
                    "object": entry.object_repr,
                    "model": entry.content_type.name if entry.content_type else "",
                    "detail": f": {entry.get_change_message()}" if entry.is_change() and entry.change_message else "",
                },
                url=entry.get_admin_url() or "",
            )
            for entry in entries
        ),
        (
            Activity(
                when=revision.created_at,
                who=_name(revision.author),
                what=_("edited the page of %(member)s") % {"member": revision.member.name},
                url=reverse("members:history", kwargs={"slug": revision.member.slug}),
            )
            for revision in revisions
        ),
        (
            Activity(
                when=note.created_at,
                who=_name(note.author),
                what=_("posted a progress note on %(target)s") % {"target": _target(note)},
                url=note.target.get_absolute_url() if note.target else "",
            )
            for note in notes
        ),
        (
            Activity(
                when=answer.answered_at,
                who=_name(answer.answered_by),
                what=_("answered “%(round)s” for %(member)s: %(answer)s")
                % {
                    "round": answer.consultation.subject,
                    "member": answer.member.name,
                    "answer": answer.get_answer_display(),
                },
                url=reverse("admin:consultations_consultation_change", args=[answer.consultation_id]),
            )
            for answer in answers
        ),
        (
            Activity(
                when=comment.created_at,
                who=_name(comment.author),
                what=_("%(kind)s on the minutes of %(event)s")
                % {"kind": comment.get_kind_display(), "event": comment.minutes.event.title},
                url=reverse("minutes:detail", kwargs={"slug": comment.minutes.event.slug}) + f"#comment-{comment.pk}",
            )
            for comment in comments
        ),
        (
            Activity(
                when=item.submitted_at,
                who=_name(item.author),
                what=_("submitted the news “%(title)s” of %(member)s") % {"title": item.title, "member": item.member},
                url=item.get_absolute_url(),
            )
            for item in news
        ),
        (
            Activity(
                when=payment.recorded_at,
                who=_name(payment.recorded_by),
                what=_("recorded a payment of %(amount)s from %(member)s (dues %(year)s)")
                % {
                    "amount": member_selectors.format_money(payment.amount),
                    "member": payment.record.member.name,
                    "year": payment.record.year,
                },
                url=reverse("admin:members_duesrecord_change", args=[payment.record_id]),
            )
            for payment in payments
        ),
    )
    return sorted(items, key=lambda activity: activity.when, reverse=True)[:limit]


def _target(note: ProgressUpdate) -> str:
    if note.action_id:
        return _("action %(number)s (%(year)s)") % {"number": note.action.number, "year": note.action.plan.year}
    return note.project.title if note.project_id else ""


def dashboard(*, now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    waiting = waiting_counts()
    return {
        "now": now,
        "waiting": waiting,
        "waiting_total": sum(waiting.values()),
        "minutes_comments": minutes_with_open_comments() if waiting["comments"] or waiting["amendments"] else [],
        "consultations": open_consultations(now=now),
        "dues": dues_counts(year=today.year),
        "focal_points": focal_point_counts(today=today),
        **member_and_english_missing_counts(),
        "events": next_events(now=now),
        "digest": digest_status(now=now),
        "activity": recent_activity(),
    }


def member_and_english_missing_counts() -> dict[str, int]:
    """The number of members and of items without their English text, in one query (the dashboard's budget of
    queries is pinned: the second count rides on the first)."""
    members_sql, members_params = count_sql(Member.objects.order_by().values("pk"))
    missing_sql, missing_params = count_sql(missing_english_union())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {members_sql}, {missing_sql}", (*members_params, *missing_params))
        members, missing = cursor.fetchone()
    return {"member_count": members, "english_missing": missing}


ENGLISH_MISSING_SHOWN = 50


def _change_url(name: str, pk) -> str | None:
    """The row's change page in the admin; None for a row edited inline in its parent's (an axis in its plan)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def english_missing_rows(*, limit: int = ENGLISH_MISSING_SHOWN) -> list[dict]:
    """The content without its English text, per kind of row: how many, and the first ones with their admin link."""
    rows = []
    for model, queryset in missing_english():
        items = list(queryset[:limit])
        if not items:
            continue
        opts = model._meta
        change = f"admin:{opts.app_label}_{opts.model_name}_change"
        rows.append(
            {
                "label": opts.verbose_name_plural,
                "count": queryset.count() if len(items) == limit else len(items),
                "items": [{"name": str(item), "url": _change_url(change, item.pk)} for item in items],
            }
        )
    return rows


def waiting_item(*, kind: str, object_id: int) -> dict | None:
    """What arrived, in words and with the page where it is handled; None when it no longer waits."""
    if kind == "news":
        item = NewsItem.objects.select_related("member", "author").filter(pk=object_id).first()
        if item is None or item.status != NewsItem.Status.SUBMITTED:
            return None
        return {
            "kind": kind,
            "member": item.member.name,
            "title": item.title,
            "author": item.author,
            "url": absolute_url(reverse("news:list")),
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
            "url": absolute_url(reverse("events:hosting")),
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
            "url": absolute_url(reverse("admin:consultations_consultation_change", args=[response.consultation_id])),
        }
    raise ValueError(kind)
