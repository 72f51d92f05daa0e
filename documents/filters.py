import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from events.models import Event
from members.models import Member

from .models import Document
from .search import MAX_QUERY_LENGTH, search_documents


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
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=Member.objects.order_by("name"), to_field_name="slug", empty_label=_("All")
    )
    event = django_filters.ModelChoiceFilter(
        label=_("Event"), queryset=None, to_field_name="slug", empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(label=_("Year"), method="filter_year", empty_label=_("All"))
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Document.Language.choices, empty_label=_("All"))

    class Meta:
        model = Document
        fields = ["q", "category", "theme", "member", "event", "year", "language"]

    def __init__(self, *args, events=None, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["event"].queryset = events if events is not None else Event.objects.none()
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

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
