from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Response


class ResponseForm(forms.Form):
    # The member the form was served for: a POST naming another member is refused.
    member = forms.CharField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Your member's answer"),
        choices=[
            (Response.Answer.APPROVE, Response.Answer.APPROVE.label),
            (Response.Answer.APPROVE_WITH_COMMENTS, Response.Answer.APPROVE_WITH_COMMENTS.label),
            (Response.Answer.OBJECT, Response.Answer.OBJECT.label),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments, or the reason of the objection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )

    def clean(self):
        data = super().clean()
        answer, comment = data.get("answer"), (data.get("comment") or "").strip()
        if answer == Response.Answer.OBJECT and not comment:
            self.add_error("comment", _("An objection needs a reason."))
        if answer == Response.Answer.APPROVE_WITH_COMMENTS and not comment:
            self.add_error("comment", _("Write your comments, or choose “Approve”."))
        return data


class CompletionForm(forms.Form):
    member = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(widget=forms.HiddenInput, initial=Response.Answer.COMPLETED)
    comment = forms.CharField(required=False, widget=forms.HiddenInput)
