"""The network's presentation (the About page's passages) and the timeline of its activities.

Both are the network's words: the 2023 record loads them from its deck (record/network.yaml) and the coordination
edits them in the admin. A date carries its precision: the deck says "décembre 2022" or "mars à mai 2023" far more
often than a day, and a month is never shown as a day.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event


class NetworkText(models.Model):
    """A passage of the About page. Lines starting with "- " are shown as a list."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the passage comes from, as readers may check it.")
    )

    class Meta:
        verbose_name = _("passage of the network's presentation")
        verbose_name_plural = _("network's presentation")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def blocks(self) -> list[dict]:
        """Paragraphs and lists, in order: the admin's plain text, shown without markup."""
        blocks: list[dict] = []
        for line in self.text.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("- "):
                if not blocks or blocks[-1]["kind"] != "list":
                    blocks.append({"kind": "list", "items": []})
                blocks[-1]["items"].append(line[2:].strip())
            else:
                blocks.append({"kind": "paragraph", "text": line})
        return blocks


class TimelineEntry(models.Model):
    """Something the network did or took part in, dated as precisely as its source dates it, and no more."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")
        UNDATED = "undated", _("Not dated by the source")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Place in the timeline (entries without a date need one).")
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("For a month, its first day; for a year, 1 January. Empty when the source gives no date."),
    )
    precision = models.CharField(_("precision"), max_length=8, choices=Precision.choices, default=Precision.DAY)
    end_date = models.DateField(
        _("end"), null=True, blank=True, help_text=_("For a period (e.g. March to May 2023): its last month or day.")
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timeline_entries",
        verbose_name=_("event"),
    )
    link = models.CharField(
        _("page of the portal"), max_length=200, blank=True, help_text=_("A path on this site, e.g. /consultations/1/.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline of the network")
        ordering = ["order", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(precision="undated", date__isnull=True)
                | (~models.Q(precision="undated") & models.Q(date__isnull=False)),
                name="network_timeline_date_matches_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{reverse('network:timeline')}#entry-{self.key}"

    def clean(self) -> None:
        if self.precision == self.Precision.UNDATED:
            if self.date or self.end_date:
                raise ValidationError(_("An entry the source does not date has no date."))
            return
        if self.date is None:
            raise ValidationError({"date": _("Give the date, or choose “Not dated by the source”.")})
        if self.precision == self.Precision.MONTH and any(d and d.day != 1 for d in (self.date, self.end_date)):
            raise ValidationError(_("A month is written as its first day."))
        dates = (self.date, self.end_date)
        if self.precision == self.Precision.YEAR and any(d and (d.month, d.day) != (1, 1) for d in dates):
            raise ValidationError(_("A year is written as its 1 January."))
        if self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end comes after the start.")})

    @property
    def anchor(self) -> str:
        return f"entry-{self.key}"

    @property
    def iso_date(self) -> str:
        """The date as precise as it is known, in ISO 8601 (2023-05, 2023-05-16, 2023), for <time datetime>."""
        if self.date is None:
            return ""
        return _iso(self.date, self.precision)


def _iso(value: dt.date, precision: str) -> str:
    if precision == TimelineEntry.Precision.YEAR:
        return f"{value.year:04d}"
    if precision == TimelineEntry.Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
