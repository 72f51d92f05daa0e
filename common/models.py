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


class MailingOptOut(models.Model):
    """An address that left one of the portal's mailings (the digest, reminders, circulations).

    Kept by address, as mail programs unsubscribe one (RFC 8058): the portal's people, with or without an account, and
    whichever role they hold, are all reached by an address. Removed when the person subscribes again.
    """

    class Mailing(models.TextChoices):
        DIGEST = "digest", _("Monthly digest")
        CONSULTATION_REMINDERS = "consultation_reminders", _("Reminders of validation rounds")
        DUES_REMINDERS = "dues_reminders", _("Dues reminders")
        MINUTES_CIRCULATION = "minutes_circulation", _("Minutes circulated for comments")

    class Via(models.TextChoices):
        ONE_CLICK = "one_click", _("One-click from the mail program")
        LINK = "link", _("Link in the e-mail")
        PREFERENCES = "preferences", _("Preferences page")

    email = models.EmailField(_("address"), max_length=254)
    mailing = models.CharField(_("mailing"), max_length=32, choices=Mailing.choices)
    via = models.CharField(_("left through"), max_length=16, choices=Via.choices)
    language = models.CharField(_("language"), max_length=8, blank=True)
    left_at = models.DateTimeField(_("left on"), auto_now_add=True)

    class Meta:
        ordering = ["-left_at", "pk"]
        verbose_name = _("address that left a mailing")
        verbose_name_plural = _("addresses that left a mailing")
        constraints = [models.UniqueConstraint(fields=["email", "mailing"], name="common_one_opt_out_per_mailing")]

    def __str__(self):
        return f"{self.email} — {self.get_mailing_display()}"
