"""`python manage.py send_digest --month YYYY-MM [--dry-run]`."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from digest import builder
from digest.models import Digest, DigestDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages (outside a request, French is the default)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13", "the month is a number from 01 to 12"),
        ("junk", "write it YYYY-MM"),
        ("2026-1", "write it YYYY-MM"),
        ("1999-12", "too far in the past"),
    ],
)
def test_a_bad_month_is_refused_with_a_message(value, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_digest", month=value)
    assert not Digest.objects.exists()


def test_a_month_in_the_future_or_not_over_is_refused():
    future = builder.add_months(builder.current_month(), 1)
    with pytest.raises(CommandError, match="is in the future"):
        call_command("send_digest", month=f"{future:%Y-%m}")
    with pytest.raises(CommandError, match="not over yet"):
        call_command("send_digest", month=f"{builder.current_month():%Y-%m}")
    assert not Digest.objects.exists()


def test_dry_run_sends_nothing_and_says_who_would_receive_what(activity, month, capsys):
    call_command("send_digest", month=f"{month:%Y-%m}", dry_run=True)
    out = capsys.readouterr().out
    assert mail.outbox == [] and not DigestDelivery.objects.exists()
    assert "dry run: nothing is sent" in out
    assert "news 1, events 2" in out and "progress notes 1, documents 1, open validation rounds 1" in out
    assert "Point focal Vientiane <fp@vientiane.example> [focal_point, Vientiane, en]: digest (1 round(s)" in out
    assert (
        "Point focal Province de Kampot <fp@kampot.example> [focal_point, Province de Kampot, fr]: digest (dues" in out
    )
    assert "Abonnée de Hué <abonnee@hue.example> [subscriber, Hué, en]: digest (one-click unsubscribe)" in out


def test_dry_run_of_an_empty_month(network, month, capsys):
    call_command("send_digest", month=f"{month:%Y-%m}", dry_run=True)
    out = capsys.readouterr().out
    assert "The digest is empty" in out and "nothing: empty digest" in out


def test_the_command_sends_and_a_second_run_sends_nothing(activity, month, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", month=f"{month:%Y-%m}")
    assert "4 e-mail(s) enqueued" in capsys.readouterr().out
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", month=f"{month:%Y-%m}")
    assert "0 e-mail(s) enqueued" in capsys.readouterr().out
    assert len(mail.outbox) == 4
    call_command("send_digest", month=f"{month:%Y-%m}", dry_run=True)
    assert "nothing: already sent" in capsys.readouterr().out
