from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.models import Member

# Action numbers stay well below the column's limit, so that renumbering can park rows above the highest number.
MAX_ACTION_NUMBER = 9999


class Theme(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Main theme")
        TRANSVERSAL = "transversal", _("Transversal theme")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["kind", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actionplan:theme", kwargs={"slug": self.slug})


class WorkingModality(models.Model):
    """How the network works together (deck: "Modalités de travail")."""

    class Category(models.TextChoices):
        EXCHANGE = "exchange", _("Exchanges of experience and advocacy")
        TRAINING = "training", _("Training")
        PROJECTS = "projects", _("Concrete projects")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("working modality")
        verbose_name_plural = _("working modalities")
        ordering = ["category", "order"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="actionplan_modality_unique")]

    def __str__(self) -> str:
        return self.name


class ActionPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("started from"),
        help_text=_("The plan whose unfinished actions this one carried over."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplan:plan-year", kwargs={"year": self.year})


class Axis(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    objective = models.TextField(_("objective"), blank=True)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="actionplan_axis_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Partner(models.Model):
    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT_NETWORK = "network", _("Network of local governments")
        FRANCOPHONIE = "francophonie", _("Francophonie")
        DIPLOMATIC = "diplomatic", _("Embassy or diplomatic mission")
        DONOR = "donor", _("Donor or development bank")
        DECENTRALISED = "decentralised", _("Decentralised cooperation")
        UNIVERSITY = "university", _("University")
        INTERNATIONAL = "international", _("International organisation")
        GOVERNMENT = "government", _("National government")

    class ContactStatus(models.TextChoices):
        TO_CONTACT = "to_contact", _("To contact")
        CONTACTED = "contacted", _("Contacted")
        IN_DIALOGUE = "in_dialogue", _("In dialogue")
        AGREEMENT = "agreement", _("Agreement")
        # The source (the 2023 deck) names the organisation without saying where the contact stands.
        NOT_RECORDED = "not_recorded", _("Not recorded")

    name = models.CharField(
        _("organisation"),
        max_length=200,
        unique=True,
        # The plan's CSV lists an action's partners by name, separated by semicolons.
        validators=[RegexValidator(r"^[^;]*$", _("A partner's name cannot contain a semicolon."))],
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_status = models.CharField(
        _("contact status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.TO_CONTACT
    )
    next_step = models.TextField(_("next step"), blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CONTINUOUS = "continuous", _("Continuous")
        # The 2023 deck has no status column: an action whose status nobody gave is shown as such, never guessed.
        NOT_RECORDED = "not_recorded", _("Not recorded")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="actions", verbose_name=_("axis"))
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ACTION_NUMBER)]
    )
    activities = models.TextField(_("activities"))
    current_state = models.TextField(_("current state"), blank=True)
    planned_activities = models.TextField(_("planned activities"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    members = models.ManyToManyField(Member, blank=True, related_name="actions", verbose_name=_("members involved"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions", verbose_name=_("themes"))
    partners = models.ManyToManyField(Partner, blank=True, related_name="actions", verbose_name=_("partners"))
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("carried over from"),
        help_text=_("The unfinished action of the previous plan this one continues."),
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="actionplan_action_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:action", kwargs={"year": self.plan.year, "number": self.number})

    def clean(self) -> None:
        if self.plan_id and self.axis_id and self.axis.plan_id != self.plan_id:
            raise ValidationError({"axis": _("Choose an axis of the action's own plan.")})

    @property
    def short_title(self) -> str:
        first = self.activities.split(":")[0].split(";")[0].strip()
        return first if len(first) <= 120 else first[:117].rstrip() + "…"


class ThematicRoadmap(models.Model):
    """One line of "Feuille de route 2025": the 2023 plan or a thematic action plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PREPARATION = "in_preparation", _("In preparation")
        SUBMITTED = "submitted", _("Submitted for validation")
        ADOPTED = "adopted", _("Adopted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="roadmaps", verbose_name=_("theme")
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="roadmaps", verbose_name=_("plan")
    )
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("to"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("thematic roadmap")
        verbose_name_plural = _("thematic roadmaps")
        ordering = ["order", "start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="actionplan_roadmap_period")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The roadmap cannot end before it starts.")})

    @property
    def period(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}-{self.end_year}"


class Milestone(models.Model):
    roadmap = models.ForeignKey(
        ThematicRoadmap, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("roadmap")
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty when the source gives no date.")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    when = models.CharField(
        _("when, in words"),
        max_length=100,
        blank=True,
        help_text=_("As the source says it, for example “mi-juin 2023”, when it gives no exact day."),
    )
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [F("year").asc(nulls_last=True), F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def when_label(self) -> str:
        """The milestone's date as precise as it is known: a day, words ("mi-juin 2023"), a year, or nothing."""
        if self.due_on:
            return date_format(self.due_on, "DATE_FORMAT")
        if self.when:
            return self.when
        return str(self.year) if self.year else ""


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Under discussion")
        PREPARATION = "preparation", _("In preparation")
        VALIDATED = "validated", _("Validated")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("theme"))
    members = models.ManyToManyField(Member, blank=True, related_name="projects", verbose_name=_("members"))
    is_multi_member = models.BooleanField(
        _("multi-city, multi-actor"), default=False, help_text=_("Open to several members and partners.")
    )
    start_year = models.PositiveSmallIntegerField(_("from"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    funding = models.CharField(_("funding"), max_length=300, blank=True)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="projects", verbose_name=_("actions of the plan it serves")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["theme", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="actionplan_project_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplan:project", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The project cannot end before it starts.")})

    @property
    def period(self) -> str:
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


class ProgressUpdate(models.Model):
    """A dated progress note on an action or a project: the history the plan pages and the monthly digest show.

    A focal point may propose a new status; the coordinator accepts it (possibly with another status) or declines
    it. A status the coordinator sets directly is recorded as an accepted note of theirs.
    """

    class Review(models.TextChoices):
        NONE = "", _("No status change")
        PENDING = "pending", _("Awaiting the coordinator")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("action"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("project"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    text = models.TextField(_("progress note"), blank=True)
    proposed_status = models.CharField(_("proposed status"), max_length=20, blank=True)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, blank=True, default=Review.NONE)
    previous_status = models.CharField(_("status before"), max_length=20, blank=True, editable=False)
    applied_status = models.CharField(
        _("status applied"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("What the coordinator applied: the proposed status, or another one."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, project__isnull=True) | Q(action__isnull=True, project__isnull=False),
                name="actionplan_progress_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["action", "-date", "-id"], name="actionplan_progress_action"),
            models.Index(fields=["project", "-date", "-id"], name="actionplan_progress_project"),
            models.Index(fields=["review"], name="actionplan_progress_review", condition=Q(review="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} — {self.target}"

    @property
    def target(self) -> Action | Project | None:
        return self.action if self.action_id else self.project

    @property
    def author_person(self):
        return getattr(self.author, "person", None) if self.author_id else None

    @property
    def author_display(self) -> str:
        """The author as pages show it: a person's name, never an e-mail address."""
        person = self.author_person
        if person is not None:
            return person.full_name
        if self.author_id and self.author.get_full_name():
            return self.author.get_full_name()
        return str(_("RVASE coordination"))

    @property
    def author_member(self):
        person = self.author_person
        return person.member if person is not None else None

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        """The statuses of what the note is about: an action's or a project's."""
        return Action.Status.choices if self.project_id is None else Project.Status.choices

    def status_label(self, value: str) -> str:
        return str(dict(self.status_choices).get(value, value))

    @property
    def proposed_status_label(self) -> str:
        return self.status_label(self.proposed_status)

    @property
    def previous_status_label(self) -> str:
        return self.status_label(self.previous_status)

    @property
    def applied_status_label(self) -> str:
        return self.status_label(self.applied_status)

    @property
    def is_pending(self) -> bool:
        return self.review == self.Review.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.review == self.Review.ACCEPTED

    def clean(self) -> None:
        if self.proposed_status and self.proposed_status not in dict(self.status_choices):
            raise ValidationError({"proposed_status": _("Choose one of the listed statuses.")})
