"""The monthly watch's Celery tasks: thin, keyword-only ids, each calls a service.

Every task of the project is acknowledged late and rejected (hence redelivered) when its worker dies
(CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST); they are repeated here because the digest relies on it.
A redelivered batch is harmless: each delivery is locked and checked before it is sent.
"""

import smtplib

from celery import shared_task
from django.conf import settings

from . import services
from .models import Digest

# ConnectionError and TimeoutError are OSErrors; so are a failed DNS look-up and a TLS failure, retried as well.
SMTP_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_monthly_digest() -> int:
    """The beat's task (the 1st of each month, 08:00 Asia/Phnom_Penh): the digest of the month that just ended."""
    return services.last_month_digest_start()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=SMTP_ERRORS,
    max_retries=settings.DIGEST_MAX_RETRIES,
    retry_backoff=settings.DIGEST_RETRY_BACKOFF,
    retry_backoff_max=settings.DIGEST_RETRY_BACKOFF_MAX,
    retry_jitter=True,
)
def send_digest_batch(*, digest_id: int, delivery_ids: list[int]) -> dict:
    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is None:  # deleted before the worker got to it
        return {}
    return vars(services.deliveries_send(digest=digest, delivery_ids=delivery_ids))
