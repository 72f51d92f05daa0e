from celery import shared_task

from . import services


@shared_task(keep_if_broker_unreachable=False)
def hand_over_pending_tasks() -> int:
    """The tasks kept while the broker was unreachable, handed to it now that it answers (common.task_queue)."""
    return services.pending_tasks_hand_over()
