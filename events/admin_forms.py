"""The event's admin form: created in one submit with its programme.

- the year is derived from the start date, and asked only when the date is not known;
- the time zone is chosen from a list, its first choice being the zone of the host member's country;
- the address (slug) is made from the title when left empty;
- programme rows are numbered in the order typed (a number may be changed to reorder them; a number used twice is
  refused on the row), and give a day and times in the event's zone, all optional.
"""

import datetime as dt
import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Country, Member

from .models import Event, Session, is_known_timezone
from .services import unique_event_slug
from .timezones import READER_TIMEZONES

HOST_ZONE = ""


@cache
def _all_zones() -> list[str]:
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name and not name.startswith("Etc/"))


def timezone_choices() -> list:
    common = [name for name, _label in READER_TIMEZONES]
    return [
        (HOST_ZONE, _("The zone of the host member's country")),
        (_("The network and its partners"), [(name, name) for name in common]),
        (_("Every time zone"), [(name, name) for name in _all_zones() if name not in common]),
    ]


def zone_of_host(*, host_member_id=None, country_id=None, host_member=None, country=None) -> str:
    """The zone of the host member's country, else of the event's country, else the network's (Asia/Phnom_Penh)."""
    if host_member is None and str(host_member_id or "").isdigit():
        host_member = Member.objects.select_related("country").filter(pk=host_member_id).first()
    if host_member is not None and is_known_timezone(host_member.country.timezone):
        return host_member.country.timezone
    if country is None and str(country_id or "").isdigit():
        country = Country.objects.filter(pk=country_id).first()
    if country is not None and is_known_timezone(country.timezone):
        return country.timezone
    return settings.TIME_ZONE


class EventAdminForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone of the event"),
        required=False,
        choices=timezone_choices,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a known time zone. Use an IANA name such as Asia/Phnom_Penh or Europe/Paris."
            )
        },
    )

    class Meta:
        model = Event
        # The editable fields of EventAdmin's fieldsets (the admin builds the form from them).
        fields = (
            "title",
            "slug",
            "kind",
            "description",
            "parent",
            "themes",
            "timezone",
            "starts_at",
            "ends_at",
            "all_day",
            "year",
            "status",
            "place",
            "city",
            "country",
            "country_name",
            "host_member",
            "registration_open",
            "capacity",
            "registration_deadline",
            "visibility",
            "publication",
            "decline_reason",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False
        self.fields["year"].help_text = _("Only when the date is not known yet: otherwise the year of the start.")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Made from the title when left empty.")
        if self.instance.pk is None:
            self.initial["timezone"] = HOST_ZONE

    def clean(self):
        data = super().clean()
        if not data.get("timezone"):
            data["timezone"] = zone_of_host(host_member=data.get("host_member"), country=data.get("country"))
        # The admin edits the country outside the network per language (country_name_fr, country_name_en).
        named = any(data.get(name) for name in ("country_name", "country_name_fr", "country_name_en"))
        if data.get("host_member") and not data.get("country") and not named:
            data["country"] = data["host_member"].country
        starts_at = data.get("starts_at")
        if starts_at and is_known_timezone(data["timezone"]):
            data["year"] = starts_at.astimezone(zoneinfo.ZoneInfo(data["timezone"])).year
        elif not starts_at and not data.get("year") and "year" not in self.errors:
            self.add_error("year", _("Give the start date, or the year alone while the date is not known."))
        # The admin edits the title per language (title_fr, title_en): the address is made from the French.
        title = data.get("title") or data.get("title_fr") or data.get("title_en")
        if not data.get("slug") and title and data.get("year"):
            data["slug"] = unique_event_slug(title=title, year=data["year"])
        return data


class SessionInlineForm(forms.ModelForm):
    """A programme row: its number, what it is, and when — a day and times in the event's zone, all optional."""

    day = forms.DateField(
        label=_("day"),
        required=False,
        widget=AdminDateWidget,
        help_text=_("Empty: the first day of the event."),
    )
    start_time = forms.TimeField(label=_("start time"), required=False, widget=forms.TimeInput(attrs={"size": 6}))
    end_time = forms.TimeField(label=_("end time"), required=False, widget=forms.TimeInput(attrs={"size": 6}))
    # The model's own checks speak of starts_at and ends_at: their messages go next to these fields.
    MODEL_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}

    class Meta:
        model = Session
        fields = ("order", "title", "kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = self.fields["order"]
        order.required, order.help_text, order.min_value = False, "", 1
        order.validators.append(MinValueValidator(1))
        order.widget.attrs.update(size=3, min=1)
        if self.instance.pk is None:
            # Empty, not the model's 0: an empty number is given in the order the rows are typed.
            order.initial = self.initial["order"] = None
        if self.instance.pk and self.instance.starts_at:
            zone = self.instance.event.tzinfo
            start = self.instance.starts_at.astimezone(zone)
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start_time", start.time())
            if self.instance.ends_at:
                self.initial.setdefault("end_time", self.instance.ends_at.astimezone(zone).time())

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {self.MODEL_FIELDS.get(name, name): messages for name, messages in errors.error_dict.items()}
            )
        super()._update_errors(errors)

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        self.instance.starts_at = self.instance.ends_at = None
        if not (start or end):
            if day:
                self.add_error("start_time", _("Give the start time of this day, or leave the day empty."))
            return data
        event = getattr(self, "event", None) or self.instance.event
        if day is None:
            days = event.local_days if event.starts_at and is_known_timezone(event.timezone) else None
            if days is None:
                self.add_error("day", _("The event's date is not known: give the day of this item."))
                return data
            day = days[0]
        # The admin page is in the event's zone (EventTimezoneMixin): times are typed there.
        zone = timezone.get_current_timezone()
        if start:
            self.instance.starts_at = timezone.make_aware(dt.datetime.combine(day, start), zone)
        if end:
            self.instance.ends_at = timezone.make_aware(dt.datetime.combine(day, end), zone)
        if start and end and end < start:
            self.add_error("end_time", _("The item ends before it starts."))
        return data


class SessionInlineFormSet(BaseInlineFormSet):
    """Rows without a number are numbered after the others in the order typed; a number used twice is refused."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The row's checks read its event's days and zone; a new event is not saved while the rows are checked.
        form.event = self.instance
        return form

    def validate_unique(self):
        # Numbers are checked in clean(), with a message on the row; the rows are saved so that two of them never
        # hold one number (save_programme), which lets rows swap numbers.
        return

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
            if getattr(form, "cleaned_data", None)
        ]
        seen = {}
        for form in kept:
            number = form.cleaned_data.get("order")
            if number is None:
                continue
            if number in seen:
                form.add_error(
                    "order",
                    _("Number %(number)s is already the number of “%(title)s”: give each row its own number.")
                    % {"number": number, "title": seen[number].cleaned_data.get("title", "")},
                )
            else:
                seen[number] = form
        following = max(seen, default=0)
        for form in kept:
            if form.cleaned_data.get("order") is None:
                following += 1
                form.cleaned_data["order"] = following
                form.instance.order = following


def save_programme(formset) -> None:
    """Save the programme rows. Reordered rows are first moved out of the way: two rows never hold one number, even
    for a moment (PostgreSQL checks the unique number row by row)."""
    for form in formset.forms:
        if form.instance.pk and getattr(form, "cleaned_data", None) and form.cleaned_data.get("order") is not None:
            form.instance.order = form.cleaned_data["order"]
    rows = formset.save(commit=False)
    for removed in formset.deleted_objects:
        removed.delete()
    moved = [row.pk for row in rows if row.pk]
    if moved:
        Session.objects.filter(pk__in=moved).update(order=F("order") + 10000)
    for row in sorted(rows, key=lambda row: row.order):
        row.save()
    formset.save_m2m()
