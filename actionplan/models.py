from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member


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

    name = models.CharField(_("organisation"), max_length=200, unique=True)
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

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, related_name="actions", verbose_name=_("axis"))
    number = models.PositiveSmallIntegerField(_("number"))
    activities = models.TextField(_("activities"))
    current_state = models.TextField(_("current state"), blank=True)
    planned_activities = models.TextField(_("planned activities"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    members = models.ManyToManyField(Member, blank=True, related_name="actions", verbose_name=_("members involved"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions", verbose_name=_("themes"))
    partners = models.ManyToManyField(Partner, blank=True, related_name="actions", verbose_name=_("partners"))

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="actionplan_action_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:action", kwargs={"year": self.plan.year, "number": self.number})

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
        if self.start_year == self.end_year:
            return f"{self.title} ({self.start_year})"
        return f"{self.title} ({self.start_year}-{self.end_year})"


class Milestone(models.Model):
    roadmap = models.ForeignKey(
        ThematicRoadmap, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("roadmap")
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["year", "due_on"]

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Under discussion")
        PREPARATION = "preparation", _("In preparation")
        VALIDATED = "validated", _("Validated")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

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

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["theme", "title"]

    def __str__(self) -> str:
        return self.title
