from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_ACTION_NUMBER, Action, ActionPlan, ProgressUpdate
from .resources import COLUMNS


class ProgressNoteForm(forms.Form):
    """A focal point's progress note on an action or a project; the status it proposes is the coordinator's call."""

    date = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("What has happened?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Meetings held, documents produced, decisions, difficulties, next steps."),
        error_messages={"required": _("Write what has happened.")},
    )
    proposed_status = forms.ChoiceField(
        label=_("Propose a new status"),
        required=False,
        help_text=_("Optional. The coordinator is told by e-mail and decides."),
    )

    def __init__(self, *args, status_choices, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.fields["proposed_status"].choices = [("", _("No change"))] + [
            (value, label) for value, label in status_choices if value != current_status
        ]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A progress note cannot be dated in the future."))
        return date

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what has happened."))
        return text


class ProgressReviewForm(forms.Form):
    """The coordinator's decision on a proposed status: apply it (or another one), or decline it."""

    ACCEPT, DECLINE = "accept", "decline"

    status = forms.ChoiceField(label=_("Status to apply"))
    decision = forms.ChoiceField(choices=[(ACCEPT, _("Apply")), (DECLINE, _("Decline"))], widget=forms.HiddenInput)

    def __init__(self, *args, update: ProgressUpdate, **kwargs):
        kwargs.setdefault("initial", {"status": update.proposed_status, "decision": self.ACCEPT})
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = update.status_choices


class ActionAdminForm(forms.ModelForm):
    """The coordinator's form: a duplicate number or an axis of another plan is refused with a clear message."""

    status_note = forms.CharField(
        label=_("Note for the history"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Optional: why the status changes. Shown in the action's history with the new status."),
    )

    class Meta:
        model = Action
        # The columns of the plan's CSV file, and the action it carries on (the admin's fieldsets order them).
        fields = [*COLUMNS, "carried_over_from"]

    def clean(self):
        cleaned = super().clean()
        plan, number = cleaned.get("plan"), cleaned.get("number")
        if plan and number:
            taken = Action.objects.filter(plan=plan, number=number).exclude(pk=self.instance.pk).first()
            if taken:
                highest = Action.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)[0]
                self.add_error(
                    "number",
                    _(
                        "%(plan)s already has an action number %(number)s (“%(title)s”). Choose a free number "
                        "(%(free)s is free), or open that action and use “Move to another number” to reorder."
                    )
                    % {"plan": plan, "number": number, "title": taken.short_title, "free": highest + 1},
                )
        axis = cleaned.get("axis")
        if plan and axis and axis.plan_id != plan.pk:
            self.add_error("axis", _("Choose an axis of %(plan)s.") % {"plan": plan})
        return cleaned


class ActionMoveForm(forms.Form):
    number = forms.IntegerField(label=_("New number"), min_value=1, max_value=MAX_ACTION_NUMBER)

    def __init__(self, *args, action: Action, highest: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.highest = highest
        self.fields["number"].widget.attrs.update(max=highest)
        self.fields["number"].help_text = _(
            "Between 1 and %(highest)s. The actions in between shift by one to make room; no number is used twice."
        ) % {"highest": highest}

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number > self.highest:
            raise forms.ValidationError(
                _("Choose a number between 1 and %(highest)s: the last action of the plan.") % {"highest": self.highest}
            )
        if number == self.action.number:
            raise forms.ValidationError(_("The action already has this number."))
        return number


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A file exported from this page's “Export CSV”, edited in a spreadsheet and saved as CSV (UTF-8)."),
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB: is it really a plan?"))
        return upload
