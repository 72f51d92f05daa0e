from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision, MinutesComment


class MinutesCommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What you send"),
        choices=MinutesComment.Kind.choices,
        initial=MinutesComment.Kind.COMMENT,
        widget=forms.RadioSelect,
    )
    decision = forms.ModelChoiceField(
        label=_("About"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("The minutes as a whole (or their summary)"),
    )
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    proposed_text = forms.CharField(
        label=_("Proposed wording"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
        help_text=_("For an amendment: the whole text as you would have it."),
    )

    def __init__(self, *args, minutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Required or not depending on the kind (checked by the service): never labelled "optional".
        self.fields["text"].show_optional = False
        self.fields["proposed_text"].show_optional = False
        if minutes is not None:
            self.fields["decision"].queryset = minutes.decisions.order_by("section", "number")
            self.fields["decision"].label_from_instance = lambda decision: (
                f"{decision.get_section_display()} {decision.number}"
                + (f" — {decision.title}" if decision.title else "")
            )


class CommentAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (MinutesComment.Status.ACCEPTED, _("Accept")),
            (MinutesComment.Status.NOTED, _("Note")),
            (MinutesComment.Status.DECLINED, _("Do not retain")),
        ],
    )
    answer = forms.CharField(
        label=_("Message to the author"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
