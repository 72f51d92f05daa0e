import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from members.models import Member

from .models import Document
from .search import MAX_QUERY_LENGTH, search_documents
from .selectors import documents_of_member


class DocumentFilter(django_filters.FilterSet):
    """Filters and search of /documents/. A value that is not one of the choices is reported and ignored."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "placeholder": _("Words in the title or description"),
            }
        ),
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Document.Category.choices, empty_label=_("All"))
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("kind", "order", "name"),
        to_field_name="slug",
        field_name="themes",
        empty_label=_("All"),
    )
    # A member and an event are typed, not chosen among every one in a list: the box takes a name (or a part of
    # one) or the address's slug, and suggests names as one types (/members/suggest.json, /events/suggest.json,
    # static/js/suggest.js) when scripts run.
    member = django_filters.CharFilter(
        label=_("Member"),
        method="filter_member",
        widget=forms.TextInput(
            attrs={"maxlength": 100, "autocomplete": "off", "data-suggest": "/members/suggest.json"}
        ),
    )
    event = django_filters.CharFilter(
        label=_("Event"),
        method="filter_event",
        widget=forms.TextInput(attrs={"maxlength": 100, "autocomplete": "off", "data-suggest": "/events/suggest.json"}),
    )
    year = django_filters.ChoiceFilter(label=_("Year"), method="filter_year", empty_label=_("All"))
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Document.Language.choices, empty_label=_("All"))

    class Meta:
        model = Document
        fields = ["q", "category", "theme", "member", "event", "year", "language"]

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_member(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The member's own documents and the network's documents that concern it (the meeting it took part in).
        members = Member.objects.filter(Q(slug=value) | Q(name__icontains=value) | Q(local_name__icontains=value))
        return documents_of_member(queryset, members=members.values("pk"))

    def filter_event(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(event__slug=value) | Q(event__title__icontains=value))

    def filter_search(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_on__year=int(value))

    @property
    def searching(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and (self.form.cleaned_data.get("q") or "").strip())

    @property
    def active(self) -> bool:
        if not self.is_bound:
            return False
        self.form.is_valid()
        return any(self.form.cleaned_data.get(name) for name in self.filters)
