from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """How a coordinator is told that something waits: an e-mail each time, or one summary a day."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail each time")
        DAILY = "daily", _("One summary a day")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordination_notifications",
        verbose_name=_("coordinator"),
    )
    mode = models.CharField(_("told"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_mode_display()}"


class DailySummary(models.Model):
    """The daily summary sent to one coordinator for one day: a rerun of the task sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("coordinator")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    waiting = models.JSONField(_("what waited"), default=dict)

    class Meta:
        verbose_name = _("daily summary sent")
        verbose_name_plural = _("daily summaries sent")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="coordination_one_summary_a_day")]

    def __str__(self) -> str:
        return f"{self.user} — {self.day}"
