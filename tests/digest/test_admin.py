"""The coordinator's pages in the admin: preview for a chosen recipient, a test to oneself, sending, progress, retry."""

import pytest
from django.core import mail
from django.test import Client

from digest import services
from digest.models import Digest, DigestDelivery
from tests.digest.backends import FlakyBackend
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(network):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(network["coordinator"])
    return client


@pytest.fixture
def digest(month):
    return services.digest_for_month(month=month)


def test_adding_a_digest_refuses_a_bad_or_future_month(admin_client, month):
    response = admin_client.post("/admin/digest/digest/add/", {"month_text": "2026-13"})
    assert "the month is a number from 01 to 12" in page_text(response)
    response = admin_client.post("/admin/digest/digest/add/", {"month_text": "2999-01"})
    assert "is in the future" in page_text(response)
    response = admin_client.post("/admin/digest/digest/add/", {"month_text": f"{month:%Y-%m}"})
    digest = Digest.objects.get(month=month)
    assert response["Location"] == f"/admin/digest/digest/{digest.pk}/preview/"


def test_preview_for_a_chosen_recipient_exactly_as_sent(admin_client, activity, network, digest):
    subscriber = network["subscriber"]
    page = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/preview/?recipient={subscriber.pk}"))
    assert "Abonnée de Hué" in page and "Point focal Vientiane" in page  # the recipients to choose from
    assert "abonnee@hue.example" in page
    assert f"Monthly watch of the network — {digest.month:%B %Y}" in page
    assert "List-Unsubscribe-Post List-Unsubscribe=One-Click" in page
    assert "Hué: answered" in page  # the text part
    frame = admin_client.get(f"/admin/digest/digest/{digest.pk}/preview/html/?recipient={subscriber.pk}")
    assert frame.status_code == 200
    assert "Hué inaugure ses toilettes publiques" in frame.content.decode()
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert "script-src" not in frame["Content-Security-Policy"]  # default-src 'none': no script runs
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    # A focal point may leave the digest too: their preview has the one-click header.
    page = page_text(
        admin_client.get(f"/admin/digest/digest/{digest.pk}/preview/?recipient={network['fp_hue'].person.pk}")
    )
    assert "List-Unsubscribe-Post List-Unsubscribe=One-Click" in page


def test_preview_says_when_the_month_is_empty(admin_client, network, digest):
    page = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/preview/"))
    assert "nobody will receive this digest" in page


def test_send_a_test_to_me(admin_client, activity, network, digest):
    response = admin_client.post(
        f"/admin/digest/digest/{digest.pk}/test/", {"recipient": network["fp_kampot"].person.pk}, follow=True
    )
    assert "was sent to coordination@example.org" in page_text(response)
    (message,) = mail.outbox
    assert message.to == ["coordination@example.org"]
    assert message.subject.startswith("[RVASE] [TEST]")
    assert (
        # Kampot's focal point reads French.
        "Test : la veille mensuelle exactement telle que Point focal Province de Kampot (fp@kampot.example) la recevra."
        in message.body
    )
    assert "Province de Kampot n'est pas à jour de ses cotisations" in message.body
    assert not DigestDelivery.objects.exists()  # a test is not a delivery


def test_send_then_progress_with_a_result_per_recipient_and_retry(
    admin_client, activity, digest, django_capture_on_commit_callbacks, settings
):
    FlakyBackend.reset()
    FlakyBackend.refused = {"fp@kampot.example"}
    settings.EMAIL_BACKEND = "tests.digest.backends.FlakyBackend"
    page = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/send/"))
    assert "The digest goes to 4 recipients (3 focal points" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/digest/digest/{digest.pk}/send/")
    assert response["Location"] == f"/admin/digest/digest/{digest.pk}/progress/"
    progress = admin_client.get(response["Location"])
    page = page_text(progress)
    assert "4 of 4 done" in page
    assert "Sent: 3" in page and "Failed: 1" in page
    assert "fp@kampot.example" in page and "SMTPRecipientsRefused" in page and "User unknown" in page
    assert 'value="Retry the failed e-mail"' in progress.content.decode()
    failed_only = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/progress/?status=failed"))
    assert "fp@kampot.example" in failed_only and "fp@hue.example" not in failed_only
    FlakyBackend.refused = set()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/digest/digest/{digest.pk}/retry/")
    page = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/progress/"))
    assert "1 failed e-mail(s) will be sent again." in page and "Sent: 4" in page
    assert len(mail.outbox) == 4
    FlakyBackend.reset()


def test_progress_while_sending_refreshes_itself(admin_client, activity, digest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.digest_start(digest=digest)
    response = admin_client.get(f"/admin/digest/digest/{digest.pk}/progress/")
    assert "0 of 4 done" in page_text(response)
    assert '<meta http-equiv="refresh" content="5">' in response.content.decode()


def test_sending_the_current_month_is_refused(admin_client, network):
    from digest import builder

    digest = Digest.objects.create(month=builder.current_month())
    page = page_text(admin_client.get(f"/admin/digest/digest/{digest.pk}/send/"))
    assert "is not over yet" in page
    admin_client.post(f"/admin/digest/digest/{digest.pk}/send/")
    assert not DigestDelivery.objects.exists()


@pytest.mark.parametrize("suffix", ["preview/", "preview/html/", "send/", "progress/"])
def test_only_the_coordination_reaches_these_pages(network, digest, suffix):
    client = Client()
    client.force_login(network["fp_hue"].person.user)
    response = client.get(f"/admin/digest/digest/{digest.pk}/{suffix}")
    assert response.status_code == 302 and "/login/" in response["Location"]
    for path in ("test/", "retry/"):
        assert client.post(f"/admin/digest/digest/{digest.pk}/{path}").status_code == 302
    assert mail.outbox == []


def test_a_digest_being_sent_cannot_be_deleted(admin_client, activity, digest, django_capture_on_commit_callbacks):
    assert admin_client.get(f"/admin/digest/digest/{digest.pk}/delete/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.digest_start(digest=digest)
    assert admin_client.post(f"/admin/digest/digest/{digest.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Digest.objects.filter(pk=digest.pk).exists()
