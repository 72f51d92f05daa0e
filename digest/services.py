"""Writes of the monthly watch: digests, their deliveries (each sent at most once), subscriptions."""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.email import Mailing, has_left, mailing_leave, mailing_rejoin
from common.models import MailingOptOut
from members.models import Person

from . import builder
from .models import Digest, DigestDelivery, Subscription

logger = logging.getLogger(__name__)

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR = 2000
Status = DigestDelivery.Status
# Once a delivery is in one of these states nothing more is ever sent for it.
FINAL = (Status.SENT, Status.EMPTY, Status.SKIPPED)
# Errors after which the rest of a batch cannot be sent now: the batch is retried later, with backoff.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


class MonthError(ValueError):
    """A month that cannot be sent: malformed, out of range, in the future or not over yet."""


def parse_month(value: str, *, now: datetime.datetime | None = None, allow_current: bool = False) -> datetime.date:
    """The first day of the month written YYYY-MM; MonthError (with a message for the coordinator) otherwise.

    A month in the future is refused; the current month too unless `allow_current` (a preview), since the digest of
    a month is sent once the month is over.
    """
    match = MONTH_PATTERN.match((value or "").strip())
    if not match:
        raise MonthError(_("“%(value)s” is not a month: write it YYYY-MM, for example 2026-06.") % {"value": value})
    year, month_number = int(match[1]), int(match[2])
    if not 1 <= month_number <= 12:
        raise MonthError(_("“%(value)s” is not a month: the month is a number from 01 to 12.") % {"value": value})
    if year < FIRST_YEAR:
        raise MonthError(_("%(value)s is too far in the past for a digest.") % {"value": value})
    month = datetime.date(year, month_number, 1)
    current = builder.current_month(now)
    if month > current:
        raise MonthError(_("%(value)s is in the future: its digest cannot be sent yet.") % {"value": value})
    if month == current and not allow_current:
        raise MonthError(
            _(
                "%(value)s is not over yet: the digest of a month is sent once the month has ended "
                "(the schedule sends it on the 1st of the next month)."
            )
            % {"value": value}
        )
    return month


def digest_for_month(*, month: datetime.date) -> Digest:
    if month.day != 1:
        raise MonthError(_("A digest covers a whole month: give its first day."))
    digest, _created = Digest.objects.get_or_create(month=month)
    return digest


# ---- sending -------------------------------------------------------------------------------------------------------


def _chunks(items: list, size: int):
    for index in range(0, len(items), size):
        yield items[index : index + size]


@transaction.atomic
def digest_start(*, digest: Digest, by: User | None = None, now: datetime.datetime | None = None) -> int:
    """Record one delivery per recipient (a rerun adds only newcomers) and enqueue the unsent ones in batches.

    Returns how many deliveries were enqueued. The batches leave when the transaction commits. Running it twice, or
    while a first run is still sending, is harmless: each delivery is locked and checked before it is sent.
    """
    from .tasks import send_digest_batch  # the tasks call this module

    now = now or timezone.now()
    digest = Digest.objects.select_for_update().get(pk=digest.pk)
    rows = [
        DigestDelivery(
            digest=digest,
            person=recipient.person,
            recipient_name=recipient.name[:200],
            role=recipient.role,
            email=recipient.email[:254],
            language=recipient.language,
        )
        for recipient in builder.recipients()
    ]
    DigestDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if digest.started_at is None:
        digest.started_at = now
        digest.started_by = by
        digest.save(update_fields=["started_at", "started_by"])
    waiting = list(
        digest.deliveries.filter(status__in=[Status.PENDING, Status.FAILED]).order_by("pk").values_list("pk", flat=True)
    )
    digest.deliveries.filter(pk__in=waiting, status=Status.FAILED).update(status=Status.PENDING)
    for batch in _chunks(waiting, settings.DIGEST_BATCH_SIZE):
        send_digest_batch.delay_on_commit(digest_id=digest.pk, delivery_ids=batch)
    logger.info("Digest %s: %d deliveries enqueued", digest, len(waiting))
    return len(waiting)


def last_month_digest_start() -> int:
    """The beat's job, on the 1st of each month: start the digest of the month that has just ended."""
    return digest_start(digest=digest_for_month(month=builder.previous_month()), by=None)


@transaction.atomic
def deliveries_retry(*, digest: Digest, by: User | None, delivery_ids: list[int] | None = None) -> int:
    """Send the failed deliveries again (all of the digest's, or those named); returns how many were enqueued."""
    from .tasks import send_digest_batch

    failed = digest.deliveries.filter(status=Status.FAILED)
    if delivery_ids is not None:
        failed = failed.filter(pk__in=delivery_ids)
    ids = list(failed.order_by("pk").values_list("pk", flat=True))
    DigestDelivery.objects.filter(pk__in=ids).update(status=Status.PENDING, updated_at=timezone.now())
    for batch in _chunks(ids, settings.DIGEST_BATCH_SIZE):
        send_digest_batch.delay_on_commit(digest_id=digest.pk, delivery_ids=batch)
    logger.info("Digest %s: %d failed deliveries enqueued again by %s", digest, len(ids), by)
    return len(ids)


@dataclass
class BatchResult:
    sent: int = 0
    failed: int = 0
    empty: int = 0
    skipped: int = 0
    already_done: int = 0


class DeliveryInterrupted(smtplib.SMTPException):
    """Some deliveries of a batch were refused for a reason that may pass (a 4xx answer): the batch is retried."""


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _is_per_recipient(error: BaseException) -> bool:
    """An answer about this message only: the connection is still usable for the next recipients.

    421 means the server is closing the session, whatever command it answers.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError) and error.smtp_code != 421


def _is_permanent(error: BaseException) -> bool:
    """A 5xx answer about this message or recipient: trying again will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def deliveries_send(
    *, digest: Digest, delivery_ids: list[int], now: datetime.datetime | None = None, connection=None
) -> BatchResult:
    """Send one batch of a digest's deliveries, each at most once; every outcome is recorded on its row.

    The batch reads the digest's content once (a fixed number of queries) and sends through one SMTP connection.
    Each delivery is locked (SELECT … FOR UPDATE) while its e-mail goes to the SMTP server and is marked sent in the
    same transaction: a concurrent run of the same delivery waits, then finds it sent and skips it.

    When the SMTP server fails (connection refused or lost, timeout, 4xx for the session), the delivery and the rest
    of the batch are marked failed with the error and the error is raised, for the task to retry the batch later.
    A recipient refused with 4xx is marked failed and DeliveryInterrupted is raised at the end of the batch.
    """
    now = now or timezone.now()
    result = BatchResult()
    todo = list(
        DigestDelivery.objects.filter(digest=digest, pk__in=delivery_ids)
        .exclude(status__in=FINAL)
        .order_by("pk")
        .values_list("pk", "person_id")
    )
    if not todo:
        return result
    people = [person_id for _pk, person_id in todo if person_id]
    recipients = {recipient.person.pk: recipient for recipient in builder.recipients(person_ids=people)}
    data = builder.build_digest_data(month=digest.month, now=now)
    connection = connection or get_connection(timeout=settings.DIGEST_SMTP_TIMEOUT)
    refused_for_now = []
    try:
        for index, (pk, person_id) in enumerate(todo):
            try:
                outcome = _deliver(pk=pk, recipient=recipients.get(person_id), data=data, connection=connection)
            except TRANSIENT_ERRORS as error:
                # The server is gone: nothing else of this batch can leave now. The rest waits for the retry.
                rest = [other for other, _person in todo[index + 1 :]]
                DigestDelivery.objects.filter(pk__in=rest).exclude(status__in=FINAL).update(
                    status=Status.FAILED,
                    error=f"Not sent: the SMTP server was unavailable ({_error_text(error)}).",
                    updated_at=timezone.now(),
                )
                result.failed += len(rest) + 1
                logger.warning("Digest %s: SMTP server unavailable, %d deliveries to retry", digest, len(rest) + 1)
                raise
            if outcome == "refused_for_now":
                refused_for_now.append(pk)
                outcome = "failed"
            setattr(result, outcome, getattr(result, outcome) + 1)
    finally:
        connection.close()
    if refused_for_now:
        raise DeliveryInterrupted(f"{len(refused_for_now)} recipient(s) refused for now; the batch will be retried.")
    return result


def _deliver(*, pk: int, recipient: builder.Recipient | None, data: builder.DigestData, connection) -> str:
    """Send delivery `pk` unless it was already; returns the outcome (a BatchResult counter, or "refused_for_now").

    Raises the SMTP error, once the failure is recorded, when the server itself is unavailable.
    """
    with transaction.atomic():
        row = DigestDelivery.objects.select_for_update().filter(pk=pk).values("status").first()
        if row is None or row["status"] in FINAL:
            return "already_done"
        delivery = DigestDelivery.objects.filter(pk=pk)
        if recipient is None:
            delivery.update(
                status=Status.SKIPPED,
                error="No longer a recipient when the digest was sent (unsubscribed, no longer a focal point, "
                "or account deactivated).",
                updated_at=timezone.now(),
            )
            return "skipped"
        changes = {"email": recipient.email[:254], "language": recipient.language, "updated_at": timezone.now()}
        if data.is_empty:
            delivery.update(status=Status.EMPTY, error="", **changes)
            return "empty"
        problem = recipient.address_problem()
        if problem:
            # Reported, not fatal: the coordinator corrects the address and retries.
            delivery.update(status=Status.FAILED, error=problem, **changes)
            return "failed"
        changes["attempts"] = F("attempts") + 1
        try:
            message = builder.compose_message(data=data, recipient=recipient, connection=connection)
            # One SMTP session for the whole batch: opened by the first message, closed by deliveries_send.
            connection.open()
            message.send()
        except TRANSIENT_ERRORS as error:
            delivery.update(status=Status.FAILED, error=_error_text(error), **changes)
            if _is_per_recipient(error):
                return "failed" if _is_permanent(error) else "refused_for_now"
            interrupted = error
        except Exception as error:
            # Anything else (a template, a bug) fails this delivery only, visibly; the others go on.
            logger.exception("Digest delivery %s failed", pk)
            delivery.update(status=Status.FAILED, error=_error_text(error), **changes)
            return "failed"
        else:
            delivery.update(
                status=Status.SENT,
                error="",
                sent_at=timezone.now(),
                message_id=message.extra_headers["Message-ID"],
                **changes,
            )
            return "sent"
    # Raised once the failure is committed: inside the transaction the record would be rolled back.
    raise interrupted


def digest_send_test(*, digest: Digest, person: Person, to: User, now: datetime.datetime | None = None) -> str:
    """E-mail `to` the digest exactly as `person` will receive it, marked as a test; returns the address used.

    No delivery is recorded: the real sending is not affected.
    """
    recipient = _preview_recipient(person)
    data = builder.build_digest_data(month=digest.month, now=now)
    builder.compose_message(data=data, recipient=recipient, to=to.email, test=True).send()
    logger.info("Digest %s: test for %s sent to %s", digest, person, to.email)
    return to.email


def _preview_recipient(person: Person) -> builder.Recipient:
    found = builder.recipients(person_ids=[person.pk])
    if found:
        return found[0]
    # Not a recipient (yet): show the digest as a subscriber of their member would read it.
    return builder.as_recipient(person)


def digest_progress(*, digest: Digest) -> dict:
    """Counts per status in one query: n of N done, and how many are waiting, sent, failed."""
    counts = dict(digest.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    done = total - counts.get(Status.PENDING, 0)
    return {
        "total": total,
        "done": done,
        "percent": round(100 * done / total) if total else 0,
        "by_status": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "failed": counts.get(Status.FAILED, 0),
        "pending": counts.get(Status.PENDING, 0),
        "sent": counts.get(Status.SENT, 0),
        "finished": total > 0 and done == total,
    }


# ---- subscriptions -------------------------------------------------------------------------------------------------


def is_focal_point(person: Person) -> bool:
    return person.focal_points.filter(confirmed_on__isnull=False).exists()


@transaction.atomic
def subscription_set(*, person: Person, subscribed: bool, by_link: bool = False) -> Subscription:
    """Opt a member's person in or out of the monthly watch. Focal points receive it whatever this says."""
    if subscribed and person.member_id is None:
        raise PermissionError("Only members' people receive the monthly digest.")
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        person=person, defaults={"subscribed": subscribed}
    )
    subscription.subscribed = subscribed
    subscription.unsubscribed_by_link = by_link and not subscribed
    subscription.save(update_fields=["subscribed", "unsubscribed_by_link", "changed_at"])
    return subscription


def has_left_digest(person: Person) -> bool:
    return has_left(email=person.contact_email, mailing=Mailing.DIGEST)


@transaction.atomic
def digest_preference_set(*, person: Person, receives: bool) -> None:
    """From the person's own page. A focal point who stops it leaves the mailing (the coordination sees it in the
    administration's "addresses that left a mailing"); anyone who asks for it again is taken back."""
    if receives:
        mailing_rejoin(email=person.contact_email, mailing=Mailing.DIGEST)
    elif is_focal_point(person) and person.contact_email:
        mailing_leave(
            email=person.contact_email,
            mailing=Mailing.DIGEST,
            via=MailingOptOut.Via.PREFERENCES,
            language=person.language,
        )
    if person.member_id is not None or not receives:
        subscription_set(person=person, subscribed=receives)


@transaction.atomic
def digest_leave_by_link(*, person: Person) -> None:
    """The link of an older digest: the person's address leaves the digest, focal point or not."""
    if person.contact_email:
        mailing_leave(
            email=person.contact_email, mailing=Mailing.DIGEST, via=MailingOptOut.Via.LINK, language=person.language
        )
    if Subscription.objects.filter(person=person).exists() or person.member_id is not None:
        subscription_set(person=person, subscribed=False, by_link=True)


def digest_language_set(*, user: User, language: str) -> User:
    """The language of the digest is the person's preferred language (that of every e-mail the portal sends)."""
    if language not in builder.LANGUAGES:
        raise ValueError(f"Unknown language {language!r}")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user
