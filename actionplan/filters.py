"""List filters of the plan's pages. Values are slugs, numbers and stored statuses, so filtered URLs can be shared.

The choices are handed in by the view from rows it has already read: building the form costs no extra query, and
a junk value only makes the form invalid (its field is then ignored), never a server error.
"""

from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member

from .models import Action, Axis, Partner, Project, Theme


def theme_filter(**options) -> django_filters.ModelChoiceFilter:
    """A list's filter by theme (events, documents, members): the theme's slug in the address, main themes first."""
    return django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("kind", "order", "name"),
        to_field_name="slug",
        empty_label=_("All"),
        **options,
    )


def _theme_choices(themes: Iterable[Theme]) -> list[tuple[str, str]]:
    return [(theme.slug, theme.name) for theme in themes]


def _member_choices(members: Iterable[Member]) -> list[tuple[str, str]]:
    return [(member.slug, member.name) for member in members]


def _is_active(filterset: django_filters.FilterSet) -> bool:
    """Whether a filter that was understood narrows the list (junk values are ignored, and said so)."""
    if not filterset.is_bound:
        return False
    filterset.errors  # noqa: B018 — validates the form, so that cleaned_data exists
    return any(filterset.form.cleaned_data.get(name) for name in filterset.filters)


class ActionFilter(django_filters.FilterSet):
    axis = django_filters.ChoiceFilter(field_name="axis__number", label=_("Axis"), empty_label=_("All axes"))
    theme = django_filters.ChoiceFilter(field_name="themes__slug", label=_("Theme"), empty_label=_("All themes"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Action.Status.choices, empty_label=_("All statuses")
    )
    # Typed, not chosen among every member: a name, a part of one or the member's slug (?member=hue), with
    # suggestions as one types (/members/suggest.json, static/js/suggest.js) when scripts run.
    member = django_filters.CharFilter(
        label=_("Member"),
        method="filter_member",
        widget=forms.TextInput(
            attrs={"maxlength": 100, "autocomplete": "off", "data-suggest": "/members/suggest.json"}
        ),
    )

    class Meta:
        model = Action
        fields = ["axis", "theme", "status", "member"]

    def __init__(self, data=None, queryset=None, *, axes: Iterable[Axis], themes, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["axis"].extra["choices"] = [(str(axis.number), f"{axis.number}. {axis.title}") for axis in axes]
        self.filters["theme"].extra["choices"] = _theme_choices(themes)

    def filter_member(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matching = Member.objects.filter(Q(slug=value) | Q(name__icontains=value) | Q(local_name__icontains=value))
        return queryset.filter(members__in=matching).distinct()

    @property
    def is_active(self) -> bool:
        return _is_active(self)


class ProjectFilter(django_filters.FilterSet):
    theme = django_filters.ChoiceFilter(field_name="theme__slug", label=_("Theme"), empty_label=_("All themes"))
    member = django_filters.ChoiceFilter(field_name="members__slug", label=_("Member"), empty_label=_("All members"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = Project
        fields = ["theme", "member", "status"]

    def __init__(self, data=None, queryset=None, *, themes, members, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["theme"].extra["choices"] = _theme_choices(themes)
        self.filters["member"].extra["choices"] = _member_choices(members)

    @property
    def is_active(self) -> bool:
        return _is_active(self)


class PartnerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Partner.Kind.choices, empty_label=_("All kinds"))
    contact_status = django_filters.ChoiceFilter(
        label=_("Contact status"), choices=Partner.ContactStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Partner
        fields = ["kind", "contact_status"]

    @property
    def is_active(self) -> bool:
        return _is_active(self)
