"""What the 2023 loader last wrote, so that a rerun never overwrites what the coordinator has changed since."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedRow(models.Model):
    """One row the loader wrote: its values (field → value as JSON, many-to-many as sorted ids) and their
    fingerprint. On a rerun, a field whose value still equals the one recorded here is brought to the deck's;
    a field that differs was changed by someone since, and is kept."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind of row"))
    object_id = models.PositiveBigIntegerField(_("row"))
    values = models.JSONField(_("values loaded"), default=dict)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("row loaded from the 2023 deck")
        verbose_name_plural = _("rows loaded from the 2023 deck")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="record_loadedrow_one_per_row")
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}"
