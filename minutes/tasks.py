"""The minutes' Celery tasks: thin, keyword-only ids, each re-fetches its row and calls a service."""

from celery import shared_task

from . import services
from .models import Minutes, MinutesComment, MinutesVersion


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


# A rendering that fails is recorded and reported by minutes.pdfs, not retried here: it would fail the same way.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_minutes_version(*, version_id: int, force: bool = False) -> dict[str, bool]:
    """Render an approved version's PDFs (every language), then file it in the document archive."""
    version = MinutesVersion.objects.select_related("minutes__event", "approved_by").filter(pk=version_id).first()
    if version is None:
        return {}
    return services.minutes_version_publish(version=version, force=force)
