"""Celery tasks of the members app: thin, each calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_dues_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind members with a balance, once per reminder step of the year."""
    return services.dues_reminders_send()
