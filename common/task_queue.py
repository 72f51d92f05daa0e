"""Handing tasks to the broker (Redis), or keeping them in the database while the broker is unreachable.

A page that enqueues a task (an e-mail to the coordinators, a PDF to render) must not answer 500 because Redis is
down: the change it made is already committed. Every task of the project is made with `Task` below (rvase/celery.py):
when the broker cannot be reached, the task is kept as a `common.PendingTask` row, a warning is logged, and the beat's
`common.tasks.hand_over_pending_tasks` (every PENDING_TASKS_HAND_OVER_SECONDS) hands it to the broker once it
answers again. Identical tasks kept during one outage are kept once (the beat's hourly ticks, a button pressed
twice). After a failure, this process does not try the broker again for CACHE_RETRY_AFTER seconds, so a dead
broker does not add its connection attempts to every request.
"""

import logging
import threading
import time

from celery.contrib.django.task import DjangoTask
from celery.utils import uuid
from django.conf import settings
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What kombu raises when it cannot publish (connection refused, lost, timed out), after its own retries.
BROKER_UNREACHABLE = (OperationalError,)


class _Broker:
    lock = threading.Lock()
    retry_at = 0.0

    @classmethod
    def waiting(cls) -> bool:
        return time.monotonic() < cls.retry_at

    @classmethod
    def failed(cls) -> None:
        with cls.lock:
            cls.retry_at = time.monotonic() + getattr(settings, "CACHE_RETRY_AFTER", 5.0)

    @classmethod
    def succeeded(cls) -> None:
        cls.retry_at = 0.0


class Task(DjangoTask):
    """Celery's Django task (delay_on_commit), kept in the database when the broker is unreachable."""

    # The hand-over itself runs on the beat's schedule: when the broker is down, its next run will do.
    keep_if_broker_unreachable = True

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options):
        keep = options.pop("keep_if_broker_unreachable", self.keep_if_broker_unreachable)
        if not keep or self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        task_id = task_id or uuid()
        if _Broker.waiting():
            return self._keep(args, kwargs, task_id, options, "the broker did not answer a moment ago")
        try:
            result = super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        except BROKER_UNREACHABLE as error:
            _Broker.failed()
            return self._keep(args, kwargs, task_id, options, str(error))
        _Broker.succeeded()
        return result

    def _keep(self, args, kwargs, task_id, options, reason: str):
        from common.services import pending_task_keep

        pending_task_keep(
            name=self.name,
            args=list(args or ()),
            kwargs=dict(kwargs or {}),
            task_id=task_id,
            eta=options.get("eta"),
            countdown=options.get("countdown"),
            reason=reason,
        )
        return self.AsyncResult(task_id)
