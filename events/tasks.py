from celery import shared_task

from . import pdfs, services
from .models import Event, Minutes, MinutesComment, MinutesVersion, Registration


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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_minutes_circulated(*, minutes_id: int, circulation: int | None = None) -> int:
    minutes = Minutes.objects.select_related("event").filter(pk=minutes_id).first()
    if minutes is None or minutes.status != Minutes.Status.CIRCULATED:
        return 0
    if circulation is not None and circulation != minutes.circulation_count:
        return 0  # circulated again since: that circulation's task writes to the attendees
    return services.send_minutes_circulated(minutes=minutes)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_minutes_comment(*, comment_id: int) -> bool:
    comment = (
        MinutesComment.objects.select_related("minutes__event", "author", "decision").filter(pk=comment_id).first()
    )
    if comment is None:
        return False
    services.notify_minutes_comment(comment=comment)
    return True


# A rendering that fails is recorded and reported by events.pdfs, not retried here: it would fail the same way.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_minutes_version(*, version_id: int, force: bool = False) -> dict[str, bool]:
    """Render an approved version's PDFs (every language), then file it in the document archive."""
    version = MinutesVersion.objects.select_related("minutes__event", "approved_by").filter(pk=version_id).first()
    if version is None:
        return {}
    available = pdfs.render_minutes_version(version=version, force=force)
    by = version.approved_by
    if by is not None and by.is_active and by.is_coordinator and not version.archived_as_id:
        services.minutes_version_archive(version=version, by=by)
    return available
