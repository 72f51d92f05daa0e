import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.models import Action, Theme
from members.models import Country, Member, Person


def validate_timezone(value: str) -> None:
    # Not field choices: the IANA list changes with tzdata and would churn migrations.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Event(models.Model):
    class Kind(models.TextChoices):
        ANNUAL_MEETING = "annual_meeting", _("Annual meeting")
        CONFERENCE = "conference", _("Thematic conference")
        CONGRESS = "congress", _("AIMF world congress")
        STUDY_TRIP = "study_trip", _("Study trip")
        WORKSHOP = "workshop", _("Workshop")
        EXTERNAL = "external", _("External event")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        TO_CONFIRM = "to_confirm", _("Date to be confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Phnom_Penh",
        validators=[validate_timezone],
        help_text=_("IANA name, for example Asia/Phnom_Penh or Africa/Porto-Novo."),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("Alone while the date is still to be confirmed."))
    all_day = models.BooleanField(_("all day"), default=False)
    place = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("country")
    )
    country_name = models.CharField(
        _("country outside the network"), max_length=100, blank=True, help_text=_("For example Bénin.")
    )
    host_member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host member"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="events", verbose_name=_("themes"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default="public")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="side_events",
        verbose_name=_("part of"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [F("starts_at").asc(nulls_last=True), "year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=False, ends_at__gte=F("starts_at")),
                name="events_event_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.starts_at and not self.year:
            self.year = self.starts_at.astimezone(self.tzinfo).year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.starts_at and self.year and self.starts_at.astimezone(self.tzinfo).year != self.year:
            raise ValidationError({"year": _("The year must be the year of the start date.")})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.tzinfo) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.tzinfo) if self.ends_at else None

    @property
    def location(self) -> str:
        country = self.country.name if self.country else self.country_name
        return ", ".join(part for part in (self.place, self.city, country) if part)


class Session(models.Model):
    """One item of an event's programme."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        INTRODUCTION = "introduction", _("Introduction")
        SESSION = "session", _("Session")
        ROUND_TABLE = "round_table", _("Round table")
        BREAK = "break", _("Break")
        CONCLUSION = "conclusion", _("Conclusion")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SESSION)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Person, through="SessionSpeaker", blank=True, related_name="sessions", verbose_name=_("speakers")
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["event", "order"]
        constraints = [models.UniqueConstraint(fields=["event", "order"], name="events_session_unique_order")]

    def __str__(self) -> str:
        return self.title


class SessionSpeaker(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="speaker_links")
    role = models.CharField(_("role"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="events_speaker_unique")]

    def __str__(self) -> str:
        return str(self.person)


class Minutes(models.Model):
    """The record of an event: its conclusions, decisions and recommendations."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated to attendees")
        APPROVED = "approved", _("Approved")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("event"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    circulated_on = models.DateField(_("circulated on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.event)


class Decision(models.Model):
    """A numbered conclusion of the minutes: a decision or a recommendation."""

    class Section(models.TextChoices):
        NETWORK = "network", _("Functioning of the network")
        ROADMAP = "roadmap", _("Roadmap")

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")

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
