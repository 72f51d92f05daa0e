"""The minutes of an event and what hangs on them: attendees, numbered decisions, follow-up, comments and
amendments, approved versions frozen with their PDFs, and the PDFs themselves (minutes and annual-meeting summary).

The tables were the events app's until the minutes became their own app (migrations events 0005, minutes 0001):
the constraint names keep their ``events_`` prefix from then, and the stored files their ``events/pdf/`` folder.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from actionplan.models import Action
from events.models import Event
from members.models import Member, Person


def private_pdf_path(instance, filename: str) -> str:
    # A random name: PDFs are only ever streamed by the views, after the permission check. The folder keeps the
    # name it had when the PDFs were the events app's, beside the files stored then.
    return f"events/pdf/{uuid.uuid4().hex}.pdf"


class Minutes(models.Model):
    """The record of an event: attendees, conclusions (decisions and recommendations), follow-up.

    Written by the coordination (draft), circulated to the attendees, who comment or propose amendments,
    then approved: each approval freezes the text as a MinutesVersion, whose PDF stays downloadable.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated to attendees")
        APPROVED = "approved", _("Approved")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    circulated_on = models.DateField(_("circulated on"), null=True, blank=True)
    circulated_to_members = models.BooleanField(
        _("circulated to all members"),
        default=False,
        help_text=_(
            "The text went to every member for validation (as the 2023 conclusions did), not only to the "
            "attendees: every member may read it while it is circulated."
        ),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("circulated by"),
        editable=False,
    )
    current_version = models.ForeignKey(
        "MinutesVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved version"),
        editable=False,
        help_text=_("The latest approved version: what members read and download."),
    )
    archive_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document in the archive"),
        editable=False,
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
        editable=False,
    )
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True, editable=False)
    circulation_count = models.PositiveIntegerField(_("times circulated"), default=0, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse("minutes:detail", kwargs={"slug": self.event.slug})


class CirculationEmail(models.Model):
    """An e-mail that circulated the minutes to someone: written in the transaction that sends it.

    A circulation task that is retried (the mail server failed half-way) or delivered twice skips the people
    it already wrote to, so that each attendee receives one e-mail per circulation.
    """

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="circulation_emails", verbose_name=_("minutes")
    )
    circulation = models.PositiveIntegerField(_("circulation"), help_text=_("1 for the first circulation, and so on."))
    address = models.EmailField(_("address"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("circulation e-mail")
        verbose_name_plural = _("circulation e-mails")
        ordering = ["-circulation", "address"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "circulation", "address"], name="events_circulation_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.circulation})"


class MinutesAttendee(models.Model):
    """Someone, or a member as such, at the meeting (present) or who sent apologies (excused)."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("minutes"))
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_attendances",
        verbose_name=_("person"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_attendances",
        verbose_name=_("member"),
        help_text=_("For a member attending as such; for a person, leave empty: their own member is shown."),
    )
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example: represented by…"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["minutes", "presence", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(member__isnull=False), name="events_attendee_person_or_member"
            ),
            models.UniqueConstraint(
                fields=["minutes", "person"], condition=Q(person__isnull=False), name="events_attendee_unique_person"
            ),
            models.UniqueConstraint(
                fields=["minutes", "member"],
                condition=Q(person__isnull=True),
                name="events_attendee_unique_member",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.member)

    def clean(self) -> None:
        if not self.person_id and not self.member_id:
            raise ValidationError(_("Choose the person who attended, or the member attending as such."))

    @property
    def represented_member(self) -> Member | None:
        return self.member if self.member_id else (self.person.member if self.person else None)


class Decision(models.Model):
    """A numbered conclusion of the minutes: a decision or a recommendation."""

    class Section(models.TextChoices):
        NETWORK = "network", _("Functioning of the network")
        ROADMAP = "roadmap", _("Roadmap")

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")
        # The 2023 deck's own word for its conclusions: "Suggestions et recommandations retenues".
        RETAINED = "retained", _("Suggestion or recommendation retained")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("minutes"))
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DECISION)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    actions = models.ManyToManyField(Action, blank=True, related_name="decisions", verbose_name=_("actions"))

    class Meta:
        verbose_name = _("decision or recommendation")
        verbose_name_plural = _("decisions and recommendations")
        ordering = ["minutes", "section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "section", "number"], name="events_decision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.number}"

    @property
    def anchor(self) -> str:
        """The id of the decision on the minutes page (also in the frozen versions)."""
        return f"decision-{self.section}-{self.number}"


class FollowUp(models.Model):
    """Something to be done after the meeting: by whom, by when."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("minutes"))
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("what is to be done"))
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("owner (person)"),
    )
    owner_member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("owner (member)"),
    )
    owner_label = models.CharField(
        _("owner (other)"),
        max_length=200,
        blank=True,
        help_text=_("When the owner is neither one person nor one member, for example: each city and province."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(
        _("done on"), null=True, blank=True, help_text=_("Follow-up only: not part of the approved text.")
    )

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="events_followup_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    def clean(self) -> None:
        if not (self.owner_person_id or self.owner_member_id or self.owner_label.strip()):
            raise ValidationError(_("Say who is in charge: a person, a member or, failing that, in words."))

    @property
    def owner(self) -> str:
        member = self.owner_member or (self.owner_person.member if self.owner_person else None)
        if self.owner_person:
            name = f"{self.owner_person} ({member})" if member else str(self.owner_person)
        else:
            name = str(member) if member else ""
        return " — ".join(part for part in (name, self.owner_label.strip()) if part)


class MinutesComment(models.Model):
    """An attendee's comment on circulated minutes, or a proposed amendment of one decision's text."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        AMENDMENT = "amendment", _("Proposed amendment")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the coordination")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not retained")
        NOTED = "noted", _("Noted")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments", verbose_name=_("minutes"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("about"),
    )
    text = models.TextField(_("comment"))
    proposed_text = models.TextField(_("proposed text"), blank=True)
    created_at = models.DateTimeField(_("written at"), default=now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer of the coordination"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["minutes", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.minutes}"


class MinutesVersion(models.Model):
    """An approved text of the minutes, frozen: later changes make a new version, never touch this one."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions", verbose_name=_("minutes"))
    number = models.PositiveSmallIntegerField(_("version"))
    # Everything the minutes said when approved (minutes.selectors.minutes_snapshot): names, texts, actions, dates.
    content = models.JSONField(_("frozen text"), editable=False)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
        editable=False,
    )
    archived_as = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version in the document archive"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), default=now, editable=False)

    class Meta:
        verbose_name = _("approved version of minutes")
        verbose_name_plural = _("approved versions of minutes")
        ordering = ["minutes", "-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="events_minutesversion_unique")]

    def __str__(self) -> str:
        return f"{self.minutes} — v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("minutes:version", kwargs={"slug": self.minutes.event.slug, "number": self.number})

    def get_pdf_url(self) -> str:
        return reverse("minutes:version-pdf", kwargs={"slug": self.minutes.event.slug, "number": self.number})


class StoredPDF(models.Model):
    """A PDF rendered once and kept: an approved version of minutes, or an annual meeting's summary, in one language.

    A failed rendering is recorded here (error, failed_at) and never replaces the file already stored.
    """

    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        SUMMARY = "summary", _("Annual-meeting summary")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("event"))
    version = models.ForeignKey(
        MinutesVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pdfs",
        verbose_name=_("version of the minutes"),
    )
    language = models.CharField(_("language"), max_length=8)
    # What was rendered: a summary is rendered again only when its content changed.
    source_hash = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    file = models.FileField(_("file"), upload_to=private_pdf_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    render_seconds = models.FloatField(_("rendering time (s)"), null=True, blank=True)
    error = models.TextField(_("last rendering error"), blank=True)
    failed_at = models.DateTimeField(_("last failure at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")
        ordering = ["event", "kind", "-version__number", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"],
                condition=Q(kind="minutes"),
                name="events_storedpdf_one_per_version_language",
            ),
            models.UniqueConstraint(
                fields=["event", "language"],
                condition=Q(kind="summary"),
                name="events_storedpdf_one_summary_per_language",
            ),
            models.CheckConstraint(
                condition=Q(kind="summary", version__isnull=True) | Q(kind="minutes", version__isnull=False),
                name="events_storedpdf_version_for_minutes",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.MINUTES:
            return f"{self.version} ({self.language})"
        return f"{self.get_kind_display()} — {self.event} ({self.language})"

    @property
    def is_available(self) -> bool:
        return bool(self.file)
