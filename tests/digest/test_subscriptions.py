"""Members' people opt in and out; focal points choose the language and may leave; one-click unsubscribe (RFC 8058)."""

import pytest
from django.core import mail
from django.test import Client

from common.models import MailingOptOut
from digest import builder
from digest.models import Subscription
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_members_person_subscribes_and_chooses_english(network):
    person = network["bystander"]
    client = logged_in(person.user)
    assert "You do not receive the monthly digest." in page_text(client.get("/digest/"))
    response = client.post("/digest/", {"language": "en", "subscribed": "on"}, follow=True)
    assert "You receive the monthly digest." in page_text(response)
    person.user.refresh_from_db()
    assert person.user.preferred_language == "en"
    assert person.pk in {recipient.person.pk for recipient in builder.recipients()}
    client.post("/digest/", {"language": "en"})
    assert person.pk not in {recipient.person.pk for recipient in builder.recipients()}


def test_a_focal_point_changes_the_language_and_may_leave_the_digest(network):
    focal_point = network["fp_hue"].person
    client = logged_in(focal_point.user)
    page = page_text(client.get("/digest/"))
    assert "As the focal point of Hué, you receive the monthly digest" in page
    assert "Send me the monthly digest" in page
    client.post("/digest/", {"language": "en", "subscribed": ""})
    focal_point.user.refresh_from_db()
    assert focal_point.user.preferred_language == "en"
    assert focal_point.pk not in {recipient.person.pk for recipient in builder.recipients()}
    left = MailingOptOut.objects.get(email="fp@hue.example")
    assert (left.mailing, left.via) == ("digest", "preferences")
    assert "you stopped the monthly digest: the coordination sees it" in page_text(client.get("/digest/"))
    client.post("/digest/", {"language": "en", "subscribed": "on"})
    assert focal_point.pk in {recipient.person.pk for recipient in builder.recipients()}
    assert not MailingOptOut.objects.exists()


def test_the_page_is_for_logged_in_readers(client):
    response = client.get("/digest/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_one_click_unsubscribe_without_login(network):
    subscriber = network["subscriber"]
    url = builder.unsubscribe_url(subscriber).removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    # Opening the link (or a mail scanner following it) unsubscribes nobody.
    assert "Stop sending the monthly digest to Abonnée de Hué?" in page_text(client.get(url))
    assert Subscription.objects.get(person=subscriber).subscribed
    # The mail program's one-click POST: no session, no CSRF token.
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Abonnée de Hué will no longer receive the monthly digest." in page_text(response)
    subscription = Subscription.objects.get(person=subscriber)
    assert not subscription.subscribed and subscription.unsubscribed_by_link
    assert subscriber.pk not in {recipient.person.pk for recipient in builder.recipients()}


def test_a_forged_or_damaged_token_is_refused(network):
    token = builder.unsubscribe_token(network["subscriber"])
    client = Client()
    for bad in (token[:-2] + "xx", "1", str(network["subscriber"].pk)):
        assert client.post(f"/digest/unsubscribe/{bad}/").status_code == 404
    assert Subscription.objects.get(person=network["subscriber"]).subscribed


def test_a_focal_point_may_leave_by_the_link_of_an_older_digest(network):
    focal_point = network["fp_kampot"].person
    url = builder.unsubscribe_url(focal_point).removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Point focal Province de Kampot ne recevra plus la veille mensuelle." in page_text(response)
    assert focal_point.pk not in {recipient.person.pk for recipient in builder.recipients()}
    assert MailingOptOut.objects.filter(email="fp@kampot.example", mailing="digest", via="link").exists()


def test_the_unsubscribe_link_in_the_email_works(activity, month, django_capture_on_commit_callbacks, network):
    from digest import services

    with django_capture_on_commit_callbacks(execute=True):
        services.digest_start(digest=services.digest_for_month(month=month))
    message = next(m for m in mail.outbox if m.to == ["abonnee@hue.example"])
    https, _mailto = (part.strip(" <>") for part in message.extra_headers["List-Unsubscribe"].split(","))
    url = https.removeprefix("http://127.0.0.1:8000")
    assert Client().post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert network["subscriber"].pk not in {recipient.person.pk for recipient in builder.recipients()}
