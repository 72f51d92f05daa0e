from celery import shared_task

from .models import ProgressUpdate
from .services import progress_note_notify_author, progress_note_notify_coordinators


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_coordinators_of_progress_note(*, update_id: int) -> int:
    """E-mail the coordinators about a focal point's progress note."""
    update = (
        ProgressUpdate.objects.select_related("action__plan", "project", "author__person__member")
        .filter(pk=update_id)
        .first()
    )
    if update is None:  # deleted before the worker got to it
        return 0
    return progress_note_notify_coordinators(update=update)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_author_of_progress_review(*, update_id: int) -> bool:
    """E-mail the author of a proposed status what the coordinator decided."""
    update = (
        ProgressUpdate.objects.select_related("action__plan", "project", "author__person", "reviewed_by")
        .filter(pk=update_id)
        .first()
    )
    if update is None:
        return False
    return progress_note_notify_author(update=update)
