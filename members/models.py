import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_not_formula


def member_logo_path(instance, filename: str) -> str:
    # A random name: nothing the uploader typed reaches the file system.
    return f"members/logos/{uuid.uuid4().hex}"


# The language a country's local names are written in (BCP 47), for the `lang` of those names: a screen reader
# switches voice on it. Khmer is km (not the country's kh), Lao lo (la is Latin), Vietnamese vi (not vn).
LOCAL_LANGUAGES = {"KH": "km", "LA": "lo", "VN": "vi", "TH": "th", "MM": "my", "FR": "fr"}


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    local_name = models.CharField(_("name in the local language"), max_length=100, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Phnom_Penh")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def local_language(self) -> str:
        """The language code of `local_name` ("" when unknown: the name then carries no `lang`)."""
        return LOCAL_LANGUAGES.get(self.code.upper(), "")


class Member(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        ASSOCIATION = "association", _("Association of local governments")

    name = models.CharField(_("name"), max_length=200)
    local_name = models.CharField(
        _("name in the local script"), max_length=200, blank=True, help_text=_("For example ភ្នំពេញ or ວຽງຈັນ.")
    )
    slug = models.SlugField(_("slug"), unique=True, help_text=_("ASCII only; used in the page's address."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="members", verbose_name=_("country"))
    is_aimf_member = models.BooleanField(
        _("AIMF member"), default=True, help_text=_("Unticked for a non-member invited to the network's activities.")
    )
    description = models.TextField(_("public description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True, validators=[validate_not_formula])
    phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    logo = models.ImageField(
        _("logo or photo"),
        upload_to=member_logo_path,
        blank=True,
        help_text=_("PNG, JPEG or WebP image."),
    )
    logo_content_type = models.CharField(_("logo's content type"), max_length=40, blank=True, editable=False)
    logo_name = models.CharField(
        _("logo's file name"), max_length=255, blank=True, editable=False, help_text=_("As it was uploaded.")
    )
    # Where the member is on the map of the network (members.map): decimal degrees (WGS 84), north and east positive.
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, north positive: for example 11.55640 for Phnom Penh. Places it on the map."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, east positive: for example 104.92820 for Phnom Penh."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["country__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="members_member_both_coordinates_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Person(models.Model):
    """Someone the network deals with: an official, a speaker, a focal point, a member's staff."""

    honorific = models.CharField(
        _("honorific"), max_length=60, blank=True, help_text=_("For example: Son Excellence, Madame, Monsieur.")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("member"),
    )
    is_official = models.BooleanField(
        _("official"), default=False, help_text=_("Shown among the member's officials on its public page.")
    )
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_not_formula])
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(fields=["full_name", "organisation"], name="members_person_unique_name_org"),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.honorific, self.full_name) if part)

    @property
    def contact_email(self) -> str:
        """The address to write to: the one on file for the person, else their login's."""
        return (self.email or (self.user.email if self.user else "")).strip()

    @property
    def language(self) -> str:
        """The language the person reads the portal's e-mails in (French when they have no account)."""
        language = self.user.preferred_language if self.user else ""
        return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class FocalPointQuerySet(models.QuerySet):
    def acting(self):
        """Focal points that act for their member: confirmed ones only (see FocalPoint)."""
        return self.filter(confirmed_on__isnull=False)


class FocalPoint(models.Model):
    """The member's contact person who relays information both ways.

    A focal point acts for its member (edits its page, posts its news and events, uploads its documents, answers
    validation rounds, posts progress notes) only once confirmed: by the coordinator, who fills in "confirmed on",
    or by the person, through the confirmation link. A record added in the admin grants nothing until then.
    A primary focal point and a deputy have the same rights once confirmed; the primary one is the contact.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("person"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("member"))
    is_primary = models.BooleanField(_("primary"), default=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    confirmation_requested_at = models.DateTimeField(_("confirmation requested at"), null=True, blank=True)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["member__name", "-is_primary"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(is_primary=True), name="members_focalpoint_one_primary_per_member"
            ),
            models.UniqueConstraint(fields=["member", "person"], name="members_focalpoint_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.member}"


class DuesYear(models.Model):
    """The dues of one year: the amount each member owes (a member may have its own, see DuesRecord), the date they
    are due, the reminders, and whether a member with nothing recorded counts as unpaid."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(
        _("amount per member"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What each member owes for the year, unless its own line says otherwise."),
    )
    due_on = models.DateField(
        _("due on"), null=True, blank=True, help_text=_("Reminders are counted from this date; none without it.")
    )
    reminder_days = models.CharField(
        _("reminders, days after the due date"),
        max_length=50,
        blank=True,
        default="0,30,60",
        help_text=_(
            "Comma-separated, for example 0,30,60: members with a balance get one e-mail at each step. Empty: none."
        ),
    )
    unrecorded_counts_as_unpaid = models.BooleanField(
        _("a member with nothing recorded counts as unpaid"),
        default=False,
        help_text=_(
            "Unticked (the default): a member whose dues nobody recorded is shown “not recorded” and keeps taking "
            "part in registrations and validation rounds. Ticked: it owes the year's amount like an unpaid member."
        ),
    )

    class Meta:
        verbose_name = _("dues of a year")
        verbose_name_plural = _("dues: yearly amounts")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="members_duesyear_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def clean(self) -> None:
        try:
            self.reminder_day_list  # noqa: B018 — parsing is the check
        except ValueError as error:
            raise ValidationError({"reminder_days": _("Give whole numbers of days separated by commas.")}) from error

    @property
    def reminder_day_list(self) -> list[int]:
        days = [int(part) for part in self.reminder_days.replace(" ", "").split(",") if part]
        if any(day < 0 for day in days):
            raise ValueError("negative")
        return sorted(set(days))


class DuesRecord(models.Model):
    """A member's dues for one year, as recorded by the coordination: its own amount (if not the year's), an exemption,
    and the payments received. Its status and balance are worked out from these (members.selectors)."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        PARTIAL = "partial", _("Partly paid")
        UNPAID = "unpaid", _("Unpaid")
        EXEMPT = "exempt", _("Exempt")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount_due = models.DecimalField(
        _("amount due"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Empty: the year's amount. Give an amount only for a member that owes another one."),
    )
    exempt = models.BooleanField(_("exempt"), default=False, help_text=_("The member owes nothing this year."))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("member's dues")
        verbose_name_plural = _("dues: members' lines")
        ordering = ["member__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="members_dues_one_per_member_year"),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="members_dues_amount_due_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}"

    def clean(self) -> None:
        if self.amount_due is None and not self.exempt and not DuesYear.objects.filter(year=self.year).exists():
            raise ValidationError(
                {
                    "amount_due": _(
                        "No amount is set for %(year)s: give this member's amount, or set the year's amount first "
                        "(Dues: yearly amounts)."
                    )
                    % {"year": self.year}
                }
            )


class DuesPayment(models.Model):
    """Money received from a member for one year's dues; each payment has its receipt."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        CARD = "card", _("Card or online payment")
        OTHER = "other", _("Other")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    record = models.ForeignKey(
        DuesRecord, on_delete=models.PROTECT, related_name="payments", verbose_name=_("member's dues")
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(
        _("paid on"), null=True, blank=True, help_text=_("Empty only for payments recorded before dates were kept.")
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.TRANSFER)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Bank reference, cheque number, receipt book…")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues: payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="members_duespayment_amount_positive"),
        ]

    def __str__(self) -> str:
        return _("Receipt %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        """The receipt's number: the year of the dues and the payment's own number."""
        return f"{self.record.year}-{self.pk:05d}" if self.pk else ""


class DuesReminder(models.Model):
    """One reminder step sent to one member for one year's dues: a rerun of the daily task sends nothing twice."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("year"))
    days_after = models.PositiveSmallIntegerField(_("days after the due date"))
    balance = models.DecimalField(_("balance then"), max_digits=10, decimal_places=2)
    recipients = models.JSONField(_("sent to"), default=list)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("dues reminder sent")
        verbose_name_plural = _("dues: reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year", "days_after"], name="members_dues_one_reminder_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year} (+{self.days_after})"


class MemberRevision(models.Model):
    """One edit of a member's page: who, when, what changed, and the page as it was after the edit."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("member"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("Field: [before, after]."))
    snapshot = models.JSONField(_("page after the edit"), default=dict)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("restored from")
    )

    class Meta:
        verbose_name = _("page revision")
        verbose_name_plural = _("page revisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} — {self.created_at:%Y-%m-%d %H:%M}"


def news_image_path(instance, filename: str) -> str:
    # A random name, as for logos: nothing the uploader typed reaches the file system.
    return f"members/news/{uuid.uuid4().hex}"


class NewsItem(models.Model):
    """News a focal point posts for their member for the monthly watch; the coordinator edits and publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the coordination")
        PUBLISHED = "published", _("Published")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="news", verbose_name=_("member"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    image = models.ImageField(
        _("image"), upload_to=news_image_path, blank=True, help_text=_("PNG, JPEG or WebP image.")
    )
    image_content_type = models.CharField(_("image's content type"), max_length=40, blank=True, editable=False)
    link = models.URLField(_("link"), blank=True, help_text=_("A page with more about the news, if any."))
    themes = models.ManyToManyField(
        "actionplan.Theme",
        blank=True,
        related_name="news",
        verbose_name=_("themes"),
        help_text=_("The themes the news is about: it then appears on their pages and in their feeds."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="members_news_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="members_news_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
