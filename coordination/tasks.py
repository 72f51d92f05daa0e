"""The coordination's Celery tasks: thin, keyword-only ids, each calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_waiting(*, kind: str, object_id: int) -> int:
    """Tell the coordinators who want it at once that news, a hosting candidature or an answer arrived."""
    return services.notify_waiting(kind=kind, object_id=object_id)


@shared_task(acks_late=True)
def send_daily_summaries() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the summary of what waits, to the coordinators who chose it."""
    return services.daily_summaries_send()
