"""Reads of the About page and the timeline."""

from __future__ import annotations

from django.db.models import QuerySet

from actionplan.models import ActionPlan, Axis, Theme, WorkingModality
from events.models import HostingCandidature

from .dates import period_label
from .models import NetworkText, TimelineEntry


def network_texts() -> dict[str, NetworkText]:
    return {text.key: text for text in NetworkText.objects.order_by("order", "pk")}


def working_modalities() -> list[dict]:
    """The working modalities by category, in the deck's order: [{"label", "items": [names]}]."""
    groups: dict[str, dict] = {}
    labels = dict(WorkingModality.Category.choices)
    for category, _label in WorkingModality.Category.choices:
        groups[category] = {"key": category, "label": labels[category], "items": []}
    for row in WorkingModality.objects.order_by("order", "pk").values("category", "name"):
        groups.setdefault(row["category"], {"key": row["category"], "label": row["category"], "items": []})
        groups[row["category"]]["items"].append(row["name"])
    return [group for group in groups.values() if group["items"]]


def timeline() -> list[TimelineEntry]:
    entries = list(TimelineEntry.objects.select_related("event").order_by("order", "date", "pk"))
    for entry in entries:
        entry.when = period_label(start=entry.date, precision=entry.precision, end=entry.end_date)
    return entries


def hosting_candidature_count(*, years: tuple[int, ...]) -> int:
    """How many members offered to host the annual meetings of these years (whatever became of the offer)."""
    return HostingCandidature.objects.filter(year__in=years).count()


def timeline_entries() -> QuerySet[TimelineEntry]:
    return TimelineEntry.objects.order_by("order", "date", "pk")


# Passages of the presentation that Session 1 of the 2023 meeting opened with (deck l.62–83).
SESSION_ONE_TEXTS = ("partenariat", "reseaux")


def session_one_content(*, year: int) -> dict:
    """What Session 1 of an annual meeting ("Thématiques et modalités de travail au sein du réseau") presented:
    the partnership and the regional networks, the themes, the working modalities and the year's action plan."""
    texts = NetworkText.objects.filter(key__in=SESSION_ONE_TEXTS).order_by("order", "pk")
    themes = list(Theme.objects.order_by("kind", "order", "name").only("name", "kind", "slug"))
    plan = ActionPlan.objects.filter(year=year).only("year", "title", "summary").first()
    axes = list(Axis.objects.filter(plan=plan).order_by("number").only("number", "title", "objective")) if plan else []
    return {
        "texts": list(texts),
        "main_themes": [theme for theme in themes if theme.kind == Theme.Kind.MAIN],
        "transversal_themes": [theme for theme in themes if theme.kind == Theme.Kind.TRANSVERSAL],
        "modalities": working_modalities(),
        "plan": plan,
        "axes": axes,
    }
