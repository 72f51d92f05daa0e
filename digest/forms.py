from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DigestPreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the digest"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    subscribed = forms.BooleanField(label=_("Send me the monthly digest"), required=False)

    def __init__(self, *args, can_leave: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_leave:
            # Focal points relay the network's news: they receive the digest in any case.
            del self.fields["subscribed"]
