from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DigestPreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the digest"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    subscribed = forms.BooleanField(label=_("Send me the monthly digest"), required=False)
