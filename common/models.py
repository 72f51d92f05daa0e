from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    """A task that could not be handed to the broker (Redis unreachable): the beat hands it over later
    (common.task_queue)."""

    task_id = models.CharField(_("task id"), max_length=64, unique=True)
    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("positional arguments"), default=list, encoder=DjangoJSONEncoder)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, encoder=DjangoJSONEncoder)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("kept on"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("hand-over attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")

    def __str__(self):
        return f"{self.name} ({self.task_id})"
