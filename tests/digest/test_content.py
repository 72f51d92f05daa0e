"""What the digest of a month says, to whom, in which language: the e-mails as they arrive."""

import html
import re

import pytest
from django.conf import settings
from django.core import mail

from digest import builder, services
from digest.models import Digest, DigestDelivery
from members.models import NewsItem
from tests.digest.conftest import at, by_recipient, html_of

pytestmark = pytest.mark.django_db


def send(month, django_capture_on_commit_callbacks):
    digest = services.digest_for_month(month=month)
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_start(digest=digest)
    return digest


def test_every_section_of_the_month_with_absolute_links(activity, month, django_capture_on_commit_callbacks):
    send(month, django_capture_on_commit_callbacks)
    message = by_recipient(mail.outbox)["fp@vientiane.example"]  # in English
    html, text = html_of(message), message.body
    for part in (html, text):
        assert "Hué inaugure ses toilettes publiques" in part
        assert "Conférence Villes intelligentes" in part
        assert "Réunion interne des membres" in part  # members-only events are for members' people
        assert "Étude de faisabilité terminée à Hué." in part
        assert "Compte rendu du séminaire" in part
        assert "Feuille de route Villes intelligentes 2024-2025" in part
        # Outside the month, or not for members: left out.
        for absent in (
            "Nouvelle du mois précédent",
            "Brouillon de Hué",
            "Atelier trop lointain",
            "Événement proposé non publié",
            "Note du mois suivant.",
            "Note réservée à la coordination",
            "Document ancien",
        ):
            assert absent not in part
    news = NewsItem.objects.get(title="Hué inaugure ses toilettes publiques")
    assert f'href="{settings.SITE_URL}/news/{news.pk}/"' in html
    assert f"{settings.SITE_URL}/news/{news.pk}/" in text
    assert f"{settings.SITE_URL}/consultations/{activity['consultation'].pk}/" in text
    assert 'href="/' not in html  # every link is absolute


def test_each_recipient_in_their_language(activity, month, django_capture_on_commit_callbacks):
    send(month, django_capture_on_commit_callbacks)
    messages = by_recipient(mail.outbox)
    assert set(messages) == {"fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"}
    label = f"{month:%Y-%m}"
    english, french = messages["fp@vientiane.example"], messages["fp@hue.example"]
    assert "Monthly watch" in english.subject and "Hello Point focal Vientiane," in english.body
    assert '<html lang="en">' in html_of(english)
    assert '<html lang="fr">' in html_of(french)
    delivery = DigestDelivery.objects.get(email="fp@hue.example")
    assert delivery.language == "fr" and delivery.status == "sent" and delivery.digest.label == label


def test_open_rounds_say_whether_the_recipients_member_has_answered(
    activity, month, django_capture_on_commit_callbacks
):
    send(month, django_capture_on_commit_callbacks)
    messages = by_recipient(mail.outbox)
    assert "Hué: answered" in messages["abonnee@hue.example"].body
    assert "Vientiane: not answered yet" in messages["fp@vientiane.example"].body
    # Kampot, in arrears, was not consulted (its focal point reads French).
    assert "Province de Kampot: " in messages["fp@kampot.example"].body


def test_dues_reminder_only_to_the_people_of_the_member_in_arrears(activity, month, django_capture_on_commit_callbacks):
    send(month, django_capture_on_commit_callbacks)
    messages = by_recipient(mail.outbox)
    kampot = messages["fp@kampot.example"]
    assert "Province de Kampot n'est pas à jour de ses cotisations" in kampot.body  # Kampot reads French
    assert re.search(r"750[.,]00 EUR", kampot.body)  # 1000 due, 250 paid
    assert "Province de Kampot n'est pas à jour" in html.unescape(html_of(kampot))
    for address in ("fp@hue.example", "fp@vientiane.example", "abonnee@hue.example"):
        assert "up to date with its dues" not in messages[address].body
        assert "à jour de ses cotisations" not in messages[address].body
        assert "up to date with its dues" not in html_of(messages[address])
        assert "Kampot" not in messages[address].body


def test_a_member_whose_dues_nobody_recorded_gets_no_reminder(
    activity, network, month, django_capture_on_commit_callbacks
):
    """Nothing recorded is "not recorded", never "late" (issue 15)."""
    from members.models import DuesPayment, DuesRecord

    DuesPayment.objects.filter(record__member=network["kampot"]).delete()
    DuesRecord.objects.filter(member=network["kampot"]).delete()
    send(month, django_capture_on_commit_callbacks)
    body = by_recipient(mail.outbox)["fp@kampot.example"].body
    assert "à jour de ses cotisations" not in body and "EUR" not in body


def test_empty_sections_are_left_out(network, month, django_capture_on_commit_callbacks):
    from tests.factories import NewsItemFactory

    NewsItemFactory(member=network["hue"], title="Seule nouvelle du mois", published_at=at(month, 3))
    send(month, django_capture_on_commit_callbacks)
    message = by_recipient(mail.outbox)["fp@vientiane.example"]
    assert "Seule nouvelle du mois" in message.body
    for heading in ("Coming up", "Progress on the action plan", "New documents", "Validation rounds open"):
        assert heading not in message.body
        assert heading not in html_of(message)


def test_an_empty_digest_is_not_sent_but_recorded(network, month, django_capture_on_commit_callbacks):
    digest = send(month, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    statuses = list(digest.deliveries.values_list("status", flat=True))
    assert len(statuses) == 4 and set(statuses) == {DigestDelivery.Status.EMPTY}


def test_one_click_unsubscribe_headers_for_every_recipient(activity, month, django_capture_on_commit_callbacks):
    send(month, django_capture_on_commit_callbacks)
    messages = by_recipient(mail.outbox)
    for address in ("abonnee@hue.example", "fp@hue.example", "fp@vientiane.example", "fp@kampot.example"):
        message = messages[address]
        https, mailto = (part.strip(" <>") for part in message.extra_headers["List-Unsubscribe"].split(","))
        assert https.startswith(f"{settings.SITE_URL}/mail/unsubscribe/") and mailto.startswith("mailto:")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert https in message.body
        raw = message.message().as_string()
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


def test_recipients_are_confirmed_focal_points_and_subscribers(network):
    from tests.factories import FocalPointFactory, PersonFactory, UserFactory

    # An unconfirmed focal point, a deactivated subscriber and someone who left: none of them.
    FocalPointFactory(member=network["hue"], is_primary=False, confirmed_on=None)
    inactive = PersonFactory(member=network["hue"], user=UserFactory(is_active=False))
    services.subscription_set(person=inactive, subscribed=True)
    gone = PersonFactory(member=network["vientiane"], user=UserFactory())
    services.subscription_set(person=gone, subscribed=True)
    services.subscription_set(person=gone, subscribed=False)
    names = {recipient.name: recipient for recipient in builder.recipients()}
    assert set(names) == {
        "Point focal Hué",
        "Point focal Vientiane",
        "Point focal Province de Kampot",
        "Abonnée de Hué",
    }
    assert names["Abonnée de Hué"].role == "subscriber"
    assert names["Point focal Hué"].role == "focal_point"


def test_the_content_is_composed_once_per_language(activity, month, django_capture_on_commit_callbacks, monkeypatch):
    rendered = []
    original = builder.render_to_string

    def counting(template, *args, **kwargs):
        rendered.append(template)
        return original(template, *args, **kwargs)

    monkeypatch.setattr(builder, "render_to_string", counting)
    send(month, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    # fr and en: the shared sections twice each (HTML and text), not once per recipient.
    assert rendered.count("digest/email/sections.html") == 2
    assert rendered.count("digest/email/sections.txt") == 2


def test_digest_month_is_unique(month):
    services.digest_for_month(month=month)
    services.digest_for_month(month=month)
    assert Digest.objects.filter(month=month).count() == 1
