"""Writes of the common app: the tasks kept while the broker is unreachable (common.task_queue)."""

import datetime
import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from .models import PendingTask

logger = logging.getLogger(__name__)
HAND_OVER_BATCH = 500


def pending_task_keep(
    *,
    name: str,
    args: list,
    kwargs: dict,
    task_id: str,
    reason: str,
    eta: datetime.datetime | None = None,
    countdown: float | None = None,
) -> PendingTask:
    """Keep a task the broker could not take; an identical one already kept is kept once."""
    if eta is None and countdown:
        eta = timezone.now() + datetime.timedelta(seconds=countdown)
    existing = PendingTask.objects.filter(name=name, args=args, kwargs=kwargs).first()
    if existing is not None:
        logger.warning("The broker is unreachable (%s): task %s%s was already kept.", reason, name, kwargs or args)
        return existing
    logger.warning(
        "The broker is unreachable (%s): task %s%s kept in the database; it is handed over when the broker answers.",
        reason,
        name,
        kwargs or args,
    )
    return PendingTask.objects.create(
        task_id=task_id, name=name, args=args, kwargs=kwargs, not_before=eta, last_error=reason[:2000]
    )


def pending_tasks_hand_over(*, limit: int = HAND_OVER_BATCH) -> int:
    """Hand the kept tasks to the broker, oldest first; stop at the first failure (the broker is down again)."""
    handed = 0
    for pk in PendingTask.objects.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            row = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:  # handed over by a concurrent run
                continue
            task = current_app.tasks.get(row.name)
            if task is None:
                row.attempts += 1
                row.last_error = f"No task named {row.name!r} in this version of the portal."
                row.save(update_fields=["attempts", "last_error"])
                logger.error("Pending task %s: %s", row.task_id, row.last_error)
                continue
            eta = row.not_before if row.not_before and row.not_before > timezone.now() else None
            try:
                task.apply_async(
                    args=row.args, kwargs=row.kwargs, task_id=row.task_id, eta=eta, keep_if_broker_unreachable=False
                )
            except OperationalError as error:  # the broker is unreachable (as in common.task_queue)
                row.attempts += 1
                row.last_error = str(error)[:2000]
                row.save(update_fields=["attempts", "last_error"])
                return handed
            row.delete()
            handed += 1
    if handed:
        logger.warning("%d pending task(s) handed over to the broker.", handed)
    return handed
