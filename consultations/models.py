import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.models import ThematicRoadmap
from documents.models import Document
from members.models import Member
from minutes.models import Minutes

SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Consultation(models.Model):
    """A text submitted to the members for validation, or a questionnaire whose completion is followed."""

    class Kind(models.TextChoices):
        VALIDATION = "validation", _("Validation round")
        QUESTIONNAIRE = "questionnaire", _("Questionnaire")

    class Result(models.TextChoices):
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")
        NO_QUORUM = "no_quorum", _("No quorum")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.VALIDATION)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text submitted"), blank=True)
    external_url = models.URLField(_("questionnaire address"), blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="consultations", verbose_name=_("documents"))
    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("minutes submitted"),
    )
    roadmap = models.ForeignKey(
        ThematicRoadmap,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("roadmap submitted"),
    )
    opened_on = models.DateTimeField(_("opened on"))
    deadline = models.DateTimeField(_("deadline"))
    eligible_members = models.ManyToManyField(
        Member, blank=True, related_name="consultations", verbose_name=_("eligible members")
    )
    quorum = models.DecimalField(
        _("quorum"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_(
            "Share of the eligible members that must answer, from 0 to 1 (0.5 = half). Empty: not stated "
            "(a round recorded from elsewhere whose rules are not known)."
        ),
    )
    approval_threshold = models.DecimalField(
        _("approval threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        null=True,
        blank=True,
        validators=SHARE_VALIDATORS,
        help_text=_("Share of the answers that must approve, from 0 to 1 (0.5 = at least half). Empty: not stated."),
    )
    tacit_approval = models.BooleanField(
        _("silence counts as approval"),
        default=True,
        null=True,
        blank=True,
        help_text=_(
            "At the deadline, members that did not answer are counted as approving (the network's habit). "
            "Empty: not stated."
        ),
    )
    reminder_days = models.CharField(
        _("reminders, days before the deadline"),
        max_length=50,
        default="7,2",
        help_text=_("Comma-separated, for example 7,2: focal points that have not answered get an e-mail then."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    tally = models.JSONField(_("tally"), default=dict, blank=True, help_text=_("Frozen at closing."))
    reported_in = models.ForeignKey(
        Minutes,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_consultations",
        verbose_name=_("result attached to the minutes of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("validation round")
        verbose_name_plural = _("validation rounds")
        ordering = ["-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("opened_on")), name="consultations_deadline_after_opening"
            ),
            models.CheckConstraint(condition=Q(quorum__gte=0, quorum__lte=1), name="consultations_quorum_share"),
            models.CheckConstraint(
                condition=Q(approval_threshold__gte=0, approval_threshold__lte=1),
                name="consultations_threshold_share",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.opened_on and self.deadline and self.deadline <= self.opened_on:
            raise ValidationError({"deadline": _("The deadline must come after the opening date.")})
        if self.kind == self.Kind.QUESTIONNAIRE and not self.external_url:
            raise ValidationError({"external_url": _("A questionnaire needs the address where members fill it in.")})
        try:
            self.reminder_day_list  # noqa: B018 — parsing is the check
        except ValueError as error:
            raise ValidationError({"reminder_days": _("Give whole numbers of days separated by commas.")}) from error

    @property
    def reminder_day_list(self) -> list[int]:
        days = [int(part) for part in self.reminder_days.replace(" ", "").split(",") if part]
        if any(day < 0 for day in days):
            raise ValueError("negative")
        return sorted(set(days), reverse=True)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def rules_stated(self) -> bool:
        """A round recorded from a source that gives no rules (the 2023 deck) has none, and no computed result."""
        return None not in (self.quorum, self.approval_threshold, self.tacit_approval)


class Response(models.Model):
    """The current answer of one member; earlier answers stay in ResponseChange."""

    class Answer(models.TextChoices):
        APPROVE = "approve", _("Approve")
        APPROVE_WITH_COMMENTS = "approve_with_comments", _("Approve with comments")
        OBJECT = "object", _("Object")
        COMPLETED = "completed", _("Questionnaire completed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("validation round")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="consultation_responses", verbose_name=_("member")
    )
    answer = models.CharField(_("answer"), max_length=24, choices=Answer.choices)
    comment = models.TextField(_("comments or reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["consultation", "member__name"]
        constraints = [
            # One current answer per member, however many people answer for it at the same moment.
            models.UniqueConstraint(fields=["consultation", "member"], name="consultations_one_answer_per_member"),
            models.CheckConstraint(
                condition=~Q(answer="object") | ~Q(comment=""), name="consultations_objection_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_answer_display()}"

    @property
    def approves(self) -> bool:
        return self.answer in (self.Answer.APPROVE, self.Answer.APPROVE_WITH_COMMENTS)


class ResponseChange(models.Model):
    """Every answer given, in order: the history of a member's answer."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="response_changes", verbose_name=_("validation round")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    answer = models.CharField(_("answer"), max_length=24, choices=Response.Answer.choices)
    comment = models.TextField(_("comments or reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer given")
        verbose_name_plural = _("answers given")
        ordering = ["consultation", "answered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member}: {self.answer} ({self.answered_at:%Y-%m-%d %H:%M})"


class ReminderSent(models.Model):
    """One reminder to one member for one consultation: a rerun of the daily check sends nothing twice."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("validation round")
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.JSONField(_("sent to"), default=list)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member", "days_before"], name="consultations_one_reminder_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} — {self.member} (J-{self.days_before})"


def result_pdf_path(instance, filename: str) -> str:
    # A random name: the record is only ever streamed by its view, after the permission check.
    return f"consultations/pdf/{uuid.uuid4().hex}.pdf"


class ResultPDF(models.Model):
    """The PDF record of a closed round, in one language, as last rendered.

    Rendered again only when what it shows changes (`source_hash`, the fingerprint of its HTML): a reader's
    repeated downloads stream this file, they never render.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="result_pdfs")
    language = models.CharField(_("language"), max_length=8)
    source_hash = models.CharField(max_length=64)
    file = models.FileField(_("file"), upload_to=result_pdf_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(_("rendered at"))

    class Meta:
        verbose_name = _("PDF record of a round")
        verbose_name_plural = _("PDF records of rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "language"], name="consultations_one_result_pdf_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} ({self.language})"
