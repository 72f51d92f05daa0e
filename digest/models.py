import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Person


class Digest(models.Model):
    """The monthly watch of one month: what happened during the month and what comes next."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month the digest covers."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sending started by"),
        help_text=_("Empty when the monthly schedule started it."),
    )

    class Meta:
        verbose_name = _("monthly digest")
        verbose_name_plural = _("monthly digests")
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def period_end(self) -> datetime.date:
        """The first day of the next month: the digest covers [month, period_end)."""
        return (self.month + datetime.timedelta(days=32)).replace(day=1)


class DigestDelivery(models.Model):
    """One recipient of one month's digest: sent at most once, every outcome recorded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        EMPTY = "empty", _("Nothing to send")
        SKIPPED = "skipped", _("No longer a recipient")

    class Role(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        SUBSCRIBER = "subscriber", _("Subscriber")

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("digest"))
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        related_name="digest_deliveries",
        verbose_name=_("recipient"),
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    email = models.CharField(_("address used"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        ordering = ["digest", "recipient_name", "pk"]
        constraints = [
            # A rerun, a redelivered task or two concurrent runs never make a second row, hence a second e-mail.
            models.UniqueConstraint(fields=["digest", "person"], name="digest_one_delivery_per_person"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="digest_sent_delivery_has_date"
            ),
        ]
        indexes = [models.Index(fields=["digest", "status"], name="digest_delivery_status")]

    def __str__(self) -> str:
        return f"{self.digest} — {self.recipient_name}"


class Subscription(models.Model):
    """A member's person who asked for the monthly watch (focal points receive it anyway)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="digest_subscription", verbose_name=_("person")
    )
    subscribed = models.BooleanField(_("receives the monthly digest"), default=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    unsubscribed_by_link = models.BooleanField(_("left through the e-mail's link"), default=False, editable=False)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)
