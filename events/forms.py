import datetime as dt
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplan.models import Theme
from members.models import Country, Member, Person

from .models import Event, HostingCandidature, is_known_timezone, validate_timezone
from .timezones import READER_TIMEZONES


class MemberChoiceMixin:
    """The member acted for: a choice when the user may act for several, implied when for one only."""

    def set_members(self, members) -> None:
        field = self.fields["member"]
        if members is None:
            return
        field.queryset = members
        only = list(members[:2])
        self.only_member = only[0] if len(only) == 1 else None
        if self.only_member is not None:
            field.required = False

    def clean_member(self):
        return self.cleaned_data.get("member") or getattr(self, "only_member", None)


class RegistrationForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Who takes part"),
        queryset=Person.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose someone of your member who is not registered yet.")},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class ReaderTimezoneForm(forms.Form):
    tz = forms.ChoiceField(label=_("Show times also in"), choices=READER_TIMEZONES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class EventProposalForm(MemberChoiceMixin, forms.Form):
    """What a focal point tells about an event their member organises; dates are in the event's own zone."""

    member = forms.ModelChoiceField(label=_("Organised by"), queryset=Member.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices, initial=Event.Kind.WORKSHOP)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    date_to_be_confirmed = forms.BooleanField(
        label=_("The date is not known yet (only the year)"),
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Only when the date is not known yet."),
    )
    start_date = forms.DateField(label=_("First day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_date = forms.DateField(label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_time = forms.TimeField(label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    all_day = forms.BooleanField(label=_("Whole days (no times)"), required=False)
    timezone = forms.CharField(
        label=_("Time zone of the event"),
        initial="Asia/Phnom_Penh",
        max_length=64,
        validators=[validate_timezone],
        help_text=_("Where the event takes place, for example Asia/Vientiane or Europe/Paris."),
        widget=forms.TextInput(attrs={"list": "timezone-names", "autocomplete": "off", "spellcheck": "false"}),
    )
    place = forms.CharField(label=_("Venue"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name"),
        required=False,
        empty_label=_("Outside the network's countries"),
    )
    country_name = forms.CharField(
        label=_("Other country"),
        max_length=100,
        required=False,
        help_text=_("Only for an event outside Cambodia, Laos and Vietnam."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"), choices=Event.Visibility.choices, initial=Event.Visibility.PUBLIC
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("kind", "order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, help_text=_("Empty for no limit."))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_members(members)
        # Needed unless the date is not known yet: not marked "optional" although the form field is.
        for name in ("start_date", "start_time", "year"):
            self.fields[name].show_optional = False

    def clean(self):
        data = super().clean()
        tz_name = data.get("timezone")
        if data.get("date_to_be_confirmed"):
            if not data.get("year"):
                self.add_error("year", _("Give the year of the event."))
            data["starts_at"] = data["ends_at"] = None
            return data
        if not data.get("start_date"):
            if "start_date" not in self.errors:
                self.add_error("start_date", _("Give the first day, or tick “the date is not known yet”."))
            return data
        if not tz_name or not is_known_timezone(tz_name):
            return data  # the time zone's own error says what to fix
        zone = zoneinfo.ZoneInfo(tz_name)
        all_day = data.get("all_day")
        start_time = dt.time(0, 0) if all_day else data.get("start_time")
        if start_time is None:
            self.add_error("start_time", _("Give the start time, or tick “whole days”."))
            return data
        starts_at = dt.datetime.combine(data["start_date"], start_time, tzinfo=zone)
        end_date = data.get("end_date") or data["start_date"]
        if all_day:
            ends_at = dt.datetime.combine(end_date, dt.time(23, 59), tzinfo=zone)
        elif data.get("end_time"):
            ends_at = dt.datetime.combine(end_date, data["end_time"], tzinfo=zone)
        else:
            ends_at = None
        if ends_at is not None and ends_at < starts_at:
            self.add_error(
                "end_date" if end_date < data["start_date"] else "end_time", _("The end is before the start.")
            )
            return data
        if starts_at < timezone.now():
            self.add_error("start_date", _("This date has passed: propose events still to come."))
            return data
        data["starts_at"], data["ends_at"], data["year"] = starts_at, ends_at, starts_at.year
        return data

    def event_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "year": data["year"],
            "all_day": bool(data.get("all_day")) and data["starts_at"] is not None,
            "timezone": data["timezone"],
            "place": data["place"],
            "city": data["city"],
            "country": data["country"],
            "country_name": "" if data["country"] else data["country_name"],
            "visibility": data["visibility"],
            "capacity": data["capacity"],
            "status": Event.Status.TO_CONFIRM if data["starts_at"] is None else Event.Status.SCHEDULED,
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the focal point"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class HostingCandidatureForm(MemberChoiceMixin, forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label=_("Annual meeting of"), coerce=int, choices=())
    message = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        help_text=HostingCandidature._meta.get_field("message").help_text,
    )

    def __init__(self, *args, members=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_members(members)
        self.fields["year"].choices = [(year, str(year)) for year in years]
