"""The monthly digest passes bulk-sender rules: List-Unsubscribe with one click (RFC 8058) for every recipient,
focal points included; automatic-mail headers; the coordinator sees who left. Messages parsed with `email`."""

import pytest
from django.core import mail
from django.test import Client

from common.models import MailingOptOut
from digest import builder, services
from tests.mail_headers import assert_bulk, one_click, parsed
from tests.utils import page_text

pytestmark = pytest.mark.django_db
SITE = "https://portail.rvase.example"


@pytest.fixture(autouse=True)
def https_site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portail.rvase.example"]


def send(month, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_start(digest=services.digest_for_month(month=month))
    return {message.to[0]: parsed(message) for message in mail.outbox}


def test_every_digest_carries_one_click_unsubscription_and_the_headers_of_automatic_mail(
    activity, month, network, django_capture_on_commit_callbacks
):
    received = send(month, django_capture_on_commit_callbacks)
    assert set(received) == {"fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"}
    for address, message in received.items():
        language = "en" if address in ("fp@vientiane.example", "abonnee@hue.example") else "fr"
        path = assert_bulk(message, language=language)
        assert message["List-Id"] == "<digest.portail.rvase.example>"
        # The same link in the text the reader sees.
        assert SITE + path in message.get_body(("plain",)).get_content()
        assert SITE + path in message.get_body(("html",)).get_content()


def test_a_focal_point_leaves_in_one_click_and_the_next_digest_skips_them(
    activity, month, network, django_capture_on_commit_callbacks, coordinator_client
):
    received = send(month, django_capture_on_commit_callbacks)
    path = assert_bulk(received["fp@kampot.example"], language="fr")
    client = Client(enforce_csrf_checks=True)
    # Opening the link (a mail scanner) unsubscribes nobody; the page speaks the reader's language.
    client.cookies["django_language"] = "en"
    page = page_text(client.get(path, HTTP_HOST="portail.rvase.example"))
    assert "Ne plus envoyer « Veille mensuelle » à fp@kampot.example ?" in page
    assert not MailingOptOut.objects.exists()
    response = one_click(client, path)
    assert response.status_code == 200 and response["Content-Language"] == "fr"
    assert "fp@kampot.example ne recevra plus : Veille mensuelle." in page_text(response)
    left = MailingOptOut.objects.get()
    assert (left.email, left.mailing, left.via, left.language) == ("fp@kampot.example", "digest", "one_click", "fr")
    assert network["fp_kampot"].person.pk not in {recipient.person.pk for recipient in builder.recipients()}
    # The coordinator sees who left, filtered by mailing.
    admin = page_text(coordinator_client.get("/admin/common/mailingoptout/?mailing__exact=digest"))
    assert "fp@kampot.example" in admin and "Veille mensuelle" in admin
    # The next month's digest goes to the three others.
    next_month = builder.add_months(month, 1)
    received = send(next_month, django_capture_on_commit_callbacks)
    assert "fp@kampot.example" not in received and len(received) >= 1


def test_the_subscriber_leaves_in_one_click_in_english(activity, month, network, django_capture_on_commit_callbacks):
    received = send(month, django_capture_on_commit_callbacks)
    path = assert_bulk(received["abonnee@hue.example"], language="en")
    response = one_click(Client(enforce_csrf_checks=True), path)
    assert "abonnee@hue.example will no longer receive: Monthly digest." in page_text(response)
    assert network["subscriber"].pk not in {recipient.person.pk for recipient in builder.recipients()}


def test_a_forged_token_unsubscribes_nobody(network):
    client = Client(enforce_csrf_checks=True)
    for token in ("x", "eyJlIjoiZnBAa2FtcG90LmV4YW1wbGUifQ:1:bad", "1"):
        assert one_click(client, f"/mail/unsubscribe/{token}/").status_code == 404
    assert not MailingOptOut.objects.exists()
