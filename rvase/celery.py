import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rvase.settings.local")

# Every task is kept in the database when the broker is unreachable, and handed over later (common/task_queue.py).
app = Celery("rvase", task_cls="common.task_queue:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
