"""The digest's content in each recipient's language (issue 21): English where it was written, else the French."""

import pytest
from django.core import mail

from events.models import Event
from members.models import NewsItem
from tests.digest.conftest import by_recipient, html_of
from tests.digest.test_content import send

pytestmark = pytest.mark.django_db


def test_each_recipient_reads_the_content_in_their_language(activity, month, django_capture_on_commit_callbacks):
    Event.objects.filter(title_fr="Conférence Villes intelligentes").update(title_en="Smart Cities conference")
    NewsItem.objects.filter(title_fr="Hué inaugure ses toilettes publiques").update(
        title_en="Hue opens its public toilets"
    )
    send(month, django_capture_on_commit_callbacks)
    messages = by_recipient(mail.outbox)
    english, french = messages["fp@vientiane.example"], messages["fp@hue.example"]
    assert "Smart Cities conference" in english.body and "Conférence Villes intelligentes" not in english.body
    assert "Hue opens its public toilets" in english.body
    assert "Smart Cities conference" in html_of(english)
    assert "Conférence Villes intelligentes" in french.body and "Smart Cities conference" not in french.body
    assert "Hué inaugure ses toilettes publiques" in french.body
    # A text nobody translated reaches the English reader in French rather than not at all.
    assert "Compte rendu du séminaire" in english.body
