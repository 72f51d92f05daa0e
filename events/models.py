import datetime as dt
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from members.models import Country, Member, Person


def is_known_timezone(value: str) -> bool:
    return value in _known_timezones()


def _known_timezones() -> frozenset[str]:
    global _KNOWN_TIMEZONES
    if _KNOWN_TIMEZONES is None:
        _KNOWN_TIMEZONES = frozenset(zoneinfo.available_timezones())
    return _KNOWN_TIMEZONES


_KNOWN_TIMEZONES: frozenset[str] | None = None


def validate_timezone(value: str) -> None:
    # Not field choices: the IANA list changes with tzdata and would churn migrations.
    if not is_known_timezone(value):
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use an IANA name such as Asia/Phnom_Penh or Europe/Paris."),
            params={"value": value},
            code="unknown_timezone",
        )


# Paths under /events/ that an event's slug must not take.
RESERVED_SLUGS = frozenset({"calendar", "propose", "proposals", "hosting", "timezone", "themes", "members"})


def validate_event_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved for a page of the site; choose another address."),
            params={"value": value},
            code="reserved_slug",
        )


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

    class Precision(models.TextChoices):
        DAY = "day", _("Day (or time)")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year only")

    class Publication(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by a focal point")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    # A change to one of these is a new version of the event for calendars (RFC 5545 SEQUENCE).
    CALENDAR_FIELDS = (
        "title",
        "starts_at",
        "ends_at",
        "timezone",
        "all_day",
        "place",
        "city",
        "country_id",
        "country_name",
        "status",
    )

    slug = models.SlugField(_("slug"), unique=True, max_length=120, validators=[validate_event_slug])
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
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "How precise the known date is. “Month”: the start and end only give their months (“mai 2023”), the "
            "days are not known; such an event is left out of calendar feeds. Without a start, the year alone."
        ),
    )
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
    registration_open = models.BooleanField(
        _("registration on the portal"),
        default=True,
        help_text=_("Untick for events whose registration is handled elsewhere (for example by the AIMF)."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Number of places; empty for no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the start."),
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.PUBLISHED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_events",
        verbose_name=_("published or declined by"),
    )
    reviewed_at = models.DateTimeField(_("published or declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    sequence = models.PositiveIntegerField(
        _("version for calendars"),
        default=0,
        editable=False,
        help_text=_("Raised each time the date, place, title or status changes (iCalendar SEQUENCE)."),
    )
    created_at = models.DateTimeField(_("created at"), default=now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["year"]),
            models.Index(fields=["publication", "visibility"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.starts_at and not self.year:
            self.year = self.starts_at.astimezone(self.tzinfo).year
        if self.calendar_fields_changed():
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        super().save(*args, **kwargs)
        self._loaded_calendar_values = {name: getattr(self, name) for name in self.CALENDAR_FIELDS}

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the row held when loaded: save() compares with it to raise the calendar SEQUENCE.
        instance._loaded_calendar_values = {
            name: getattr(instance, name) for name in cls.CALENDAR_FIELDS if name in instance.__dict__
        }
        return instance

    def clean(self) -> None:
        errors = {}
        if self.ends_at and not self.starts_at:
            errors["starts_at"] = _("Give the start before the end.")
        elif self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end (%(end)s) is before the start (%(start)s).") % {
                "end": self._format_local(self.ends_at),
                "start": self._format_local(self.starts_at),
            }
        # An unknown zone is reported by the field's validator; nothing here can be checked without one.
        if (
            self.starts_at
            and self.year
            and is_known_timezone(self.timezone)
            and self.starts_at.astimezone(self.tzinfo).year != self.year
        ):
            errors["year"] = _("The year must be the year of the start date.")
        if self.date_precision == self.Precision.MONTH and not self.starts_at:
            errors["starts_at"] = _("An event known to the month needs a start: the first day of its first month.")
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = _("The registration deadline must be before the start of the event.")
        if errors:
            raise ValidationError(errors)

    def calendar_fields_changed(self) -> bool:
        loaded = getattr(self, "_loaded_calendar_values", None)
        if self._state.adding or not loaded:
            return False
        return any(getattr(self, name) != value for name, value in loaded.items())

    def _format_local(self, value: dt.datetime) -> str:
        if is_known_timezone(self.timezone):
            value = value.astimezone(self.tzinfo)
        return date_format(value, "DATETIME_FORMAT")

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
    def local_days(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of the event in its own time zone."""
        if not self.starts_at:
            return None
        first = self.local_start.date()
        last = self.local_end.date() if self.ends_at else first
        return first, last

    @property
    def precision(self) -> str:
        """Day, month or year: an event without a start is known to the year only, whatever its field says."""
        if self.starts_at is None:
            return self.Precision.YEAR
        return self.date_precision

    @property
    def is_month_precision(self) -> bool:
        return self.precision == self.Precision.MONTH

    @property
    def month_label(self) -> str:
        """ "mai 2023", "mars à mai 2023": the months of a month-precision event, in the active language."""
        if not self.is_month_precision:
            return ""
        first, last = self.local_days
        if (first.year, first.month) == (last.year, last.month):
            return date_format(first, "YEAR_MONTH_FORMAT")
        start = date_format(first, "F") if first.year == last.year else date_format(first, "YEAR_MONTH_FORMAT")
        return _("%(first)s to %(last)s") % {"first": start, "last": date_format(last, "YEAR_MONTH_FORMAT")}

    @property
    def in_calendar_feeds(self) -> bool:
        """Only events known to the day go to calendars: a calendar cannot say "sometime in May"."""
        return self.precision == self.Precision.DAY

    @property
    def location(self) -> str:
        country = self.country.name if self.country else self.country_name
        return ", ".join(part for part in (self.place, self.city, country) if part)

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    @property
    def has_ended(self) -> bool:
        end = self.ends_at or self.starts_at
        return bool(end and end < timezone.now())


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

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The item ends before it starts.")})
        try:
            event = self.event
        except Event.DoesNotExist:
            return
        if not (self.starts_at or self.ends_at) or not is_known_timezone(event.timezone):
            return
        days = event.local_days
        if days is None:
            raise ValidationError(
                _("The event's date is still to be confirmed: give it a date before timing its programme.")
            )
        first, last = days
        for field in ("starts_at", "ends_at"):
            value = getattr(self, field)
            if value and not first <= value.astimezone(event.tzinfo).date() <= last:
                if first == last:
                    message = _("This time is not on the day of the event (%(first)s, %(tz)s).")
                else:
                    message = _("This time is outside the days of the event (%(first)s to %(last)s, %(tz)s).")
                raise ValidationError(
                    {
                        field: message
                        % {
                            "first": date_format(first, "DATE_FORMAT"),
                            "last": date_format(last, "DATE_FORMAT"),
                            "tz": event.timezone,
                        }
                    }
                )

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.event.tzinfo) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.event.tzinfo) if self.ends_at else None


class SessionSpeaker(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speaker_links", verbose_name=_("programme item")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="speaker_links", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="events_speaker_unique")]

    def __str__(self) -> str:
        return str(self.person)


def private_pdf_path(instance, filename: str) -> str:
    """Named by migration 0003, from when the stored PDFs were the events app's; minutes.models has the one in use."""
    return f"events/pdf/{uuid.uuid4().hex}.pdf"


class Registration(models.Model):
    """One person of a member registered for an event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("person")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    override = models.BooleanField(
        _("accepted by exception"),
        default=False,
        help_text=_("The member was not in good standing; the coordination allowed the registration."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="events_registration_unique_person")]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"


class StandingOverride(models.Model):
    """The coordination lets a member not in good standing register its people for one event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="standing_overrides", verbose_name=_("event")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="standing_overrides", verbose_name=_("member")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=now)

    class Meta:
        verbose_name = _("exception to the dues rule")
        verbose_name_plural = _("exceptions to the dues rule")
        ordering = ["event", "member__name"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="events_override_unique_member")]

    def __str__(self) -> str:
        return f"{self.member} — {self.event}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeedToken(models.Model):
    """The secret in the address of a person's own calendar feed (which includes members-only events)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token", verbose_name=_("user")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal calendar address")
        verbose_name_plural = _("personal calendar addresses")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("events:personal-feed", kwargs={"token": self.token})


class CalendarEntry(models.Model):
    """An event's VEVENT as the calendar feeds hold it, in one language, kept in the database.

    Written after the event is saved (events.signals) and by a feed build that found none, it outlives the
    cache: after Redis restarts, is flushed or is down, a feed of a thousand events is put together from these
    rows instead of serialising every event again (seconds of CPU for every poll of every calendar client). The
    fingerprint says what the VEVENT was made from (events.ics._vevent_key); a row whose fingerprint no longer
    matches is made again and replaced.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="calendar_entries")
    language = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=100)
    body = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="events_calendarentry_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.language})"


class HostingCandidature(models.Model):
    """A member offers to host the annual meeting of a year; the coordination accepts one per year."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not retained")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="hosting_candidatures", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year of the annual meeting"))
    message = models.TextField(
        _("proposal"), blank=True, help_text=_("Venue, dates considered, what the member can offer.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hosting candidature")
        verbose_name_plural = _("hosting candidatures")
        ordering = ["-year", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="events_candidature_one_per_member_year"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(status="accepted"), name="events_candidature_one_accepted_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"
