from celery import shared_task

from . import services
from .models import Event, Registration


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_confirmation(*, registration_id: int) -> bool:
    """E-mail a registration's confirmation, with the event as an .ics attachment."""
    registration = Registration.objects.filter(pk=registration_id, status=Registration.Status.CONFIRMED).first()
    if registration is None:  # cancelled or deleted before the worker got to it
        return False
    return services.send_registration_confirmation(registration=registration)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_proposal_received(*, event_id: int) -> bool:
    event = Event.objects.select_related("host_member", "proposed_by").filter(pk=event_id).first()
    if event is None:
        return False
    services.notify_proposal_received(event=event)
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_proposal_decided(*, event_id: int) -> bool:
    event = Event.objects.select_related("proposed_by").filter(pk=event_id).first()
    if event is None or not (event.proposed_by and event.proposed_by.email):
        return False
    services.notify_proposal_decided(event=event)
    return True
