import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.filters import theme_filter
from members.models import Country

from .models import Event

OUTSIDE_THE_NETWORK = "other"


class EventFilter(django_filters.FilterSet):
    """Filters of /events/. A value that is not one of the choices is reported on the form and ignored."""

    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All"))
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country", empty_label=_("All"))
    theme = theme_filter(field_name="themes")

    class Meta:
        model = Event
        fields = ["year", "kind", "country", "theme"]

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]
        countries = [(country.code, country.name) for country in Country.objects.order_by("name")]
        self.filters["country"].extra["choices"] = [*countries, (OUTSIDE_THE_NETWORK, _("Outside the network"))]

    def filter_country(self, queryset, name, value):
        if value == OUTSIDE_THE_NETWORK:
            # The name in either language: the manager would read `country_name` as the reader's column alone.
            named = Q(country_name_fr__gt="") | Q(country_name_en__gt="")
            return queryset.filter(named, country__isnull=True)
        return queryset.filter(Q(country__code=value))

    @property
    def active(self) -> bool:
        return bool(self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters))
