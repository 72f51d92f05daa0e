import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from events.models import Event
from members.models import Member

from .search import DocumentSearchVector


def private_upload_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the database, never in the file system.
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    class Category(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        ACTION_PLAN = "action_plan", _("Action plan")
        STUDY = "study", _("Study")
        PHOTO = "photo", _("Photo")
        IDENTITY = "identity", _("Network identity document")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        COORDINATION = "coordination", _("Coordination only")

    class Language(models.TextChoices):
        # The network's documents come in its working languages and in the members' own.
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        VIETNAMESE = "vi", _("Vietnamese")
        KHMER = "km", _("Khmer")
        LAO = "lo", _("Lao")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.OTHER)
    themes = models.ManyToManyField(Theme, blank=True, related_name="documents", verbose_name=_("themes"))
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents", verbose_name=_("event")
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents", verbose_name=_("member")
    )
    # The members a network document concerns (the meeting's participants, the plan's members): shown and found
    # with them, but it grants no right; only `member`, the member the document belongs to, does.
    members_concerned = models.ManyToManyField(
        Member, blank=True, related_name="documents_concerning", verbose_name=_("members concerned")
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.FRENCH)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    published_on = models.DateField(_("published on"))
    # Computed by the database from the title and description (documents/search.py), GIN-indexed.
    search_vector = models.GeneratedField(
        expression=DocumentSearchVector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "title"]
        # The list's order (documents.selectors): a page of the newest is read from the index, not sorted.
        indexes = [models.Index(F("published_on").desc(), "title", name="document_newest_first")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", kwargs={"pk": self.pk})

    def get_download_url(self) -> str:
        """The current version's file, behind the permission check."""
        return reverse("documents:download", kwargs={"pk": self.pk})


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version number"), default=1)
    # Stored under a random name by the default storage (local files or a private S3 bucket); only
    # the download views, after the permission check, ever read it.
    file = models.FileField(_("file"), upload_to=private_upload_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["document", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_number_unique"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_download_url(self) -> str:
        return reverse("documents:version-download", kwargs={"pk": self.document_id, "version_id": self.pk})
