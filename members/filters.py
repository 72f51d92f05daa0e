import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme

from .models import Country, Member


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=Country.objects.order_by("name"), to_field_name="code", empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Member.Kind.choices, empty_label=_("All"))
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("kind", "order"),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All"),
    )

    class Meta:
        model = Member
        fields = ["q", "country", "kind", "theme"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(local_name__icontains=value) | Q(slug__icontains=value))

    def filter_theme(self, queryset, name, theme):
        # A member works on a theme through its projects or the plan's actions it takes part in.
        return queryset.filter(Q(projects__theme=theme) | Q(actions__themes=theme)).distinct()
