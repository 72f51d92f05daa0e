from celery import shared_task

from . import services


@shared_task(acks_late=True)
def send_consultation_reminders() -> int:
    return services.reminders_send()


@shared_task(acks_late=True)
def close_due_consultations() -> list[int]:
    return services.consultations_close_due()
