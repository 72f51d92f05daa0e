"""Exactly once, for real: Redis, a Celery worker process with the production settings, an SMTP server on TCP.

The SMTP server breaks down halfway, or the worker's process is killed in the middle of a batch; the run is retried,
and every recipient has exactly one message. Then 1,000 recipients, timed.
"""

import os
import signal
import threading
import time

import pytest
from django.utils import timezone

from accounts.models import User
from digest import services
from digest.models import Digest, DigestDelivery, Subscription
from members.models import Person
from rvase.celery import app
from tests.digest.stack import SMTPServer, celery_worker, production_environment, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
Status = DigestDelivery.Status


@pytest.fixture
def broker():
    """Tasks go to the real Redis (the test settings run them in-process otherwise); the queue starts empty."""
    app.conf.task_always_eager = False
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.task_always_eager = True


def add_readers(member, count: int) -> list[str]:
    """`count` subscribers of `member` with an account each, made in a few queries."""
    stamp = time.monotonic_ns()
    users = User.objects.bulk_create(
        [
            User(email=f"reader{index}-{stamp}@example.org", preferred_language="en" if index % 3 else "fr")
            for index in range(count)
        ]
    )
    people = Person.objects.bulk_create(
        [Person(full_name=f"Lecteur {index:04d}", member=member, user=user) for index, user in enumerate(users)]
    )
    Subscription.objects.bulk_create([Subscription(person=person, subscribed=True) for person in people])
    return [user.email for user in users]


def expected_addresses() -> set[str]:
    return {"fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"}


def finished(digest: Digest) -> bool:
    return not digest.deliveries.filter(status__in=[Status.PENDING, Status.FAILED]).exists()


def test_the_smtp_server_fails_halfway_the_batch_is_retried_each_recipient_gets_one(
    network, activity, month, broker, tmp_path
):
    addresses = expected_addresses() | set(add_readers(network["hue"], 6))
    with SMTPServer(fail_after=4, outage_seconds=2) as smtp:
        env = production_environment(
            smtp_port=smtp.port, DIGEST_RETRY_BACKOFF="1", DIGEST_RETRY_BACKOFF_MAX="2", DIGEST_MAX_RETRIES="30"
        )
        worker = celery_worker(env, tmp_path)
        try:
            digest = services.digest_for_month(month=month)
            services.digest_start(digest=digest)
            wait_for(lambda: finished(digest), timeout=90, message=worker.output()[-3000:])
        finally:
            worker.stop()
        log = worker.output()
    assert smtp.received() == dict.fromkeys(addresses, 1)
    assert set(digest.deliveries.values_list("status", flat=True)) == {Status.SENT}
    assert "Retry in" in log  # the batch was retried by Celery, with backoff
    assert digest.deliveries.filter(attempts__gt=1).exists()
    # What arrived is the digest, with both parts and the right headers.
    messages = {message["To"]: message for message in smtp.parsed()}
    subscriber = messages["abonnee@hue.example"]
    assert subscriber["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscriber["List-Unsubscribe"].strip().startswith("<https://rvase.example/mail/unsubscribe/")
    assert messages["fp@hue.example"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {part.get_content_type() for part in subscriber.walk()}
    assert {"text/plain", "text/html"} <= parts


def test_the_worker_is_killed_in_the_middle_of_a_batch_each_recipient_gets_one(
    network, activity, month, broker, tmp_path
):
    addresses = expected_addresses() | set(add_readers(network["vientiane"], 8))
    killed = threading.Event()
    with SMTPServer(mail_delay=0.3) as smtp:
        worker = celery_worker(production_environment(smtp_port=smtp.port), tmp_path)

        def kill_the_pool_process(accepted: int) -> None:
            # The fourth message is starting: the process sending it dies (as under the OOM killer).
            if accepted == 3 and not killed.is_set():
                killed.set()
                for pid in worker.children():
                    os.kill(pid, signal.SIGKILL)

        smtp.on_mail = kill_the_pool_process
        try:
            digest = services.digest_for_month(month=month)
            services.digest_start(digest=digest)
            wait_for(lambda: finished(digest), timeout=90, message=worker.output()[-3000:])
        finally:
            worker.stop()
        log = worker.output()
    assert killed.is_set()
    assert "WorkerLostError" in log  # the task was rejected, hence redelivered (acks_late + reject_on_worker_lost)
    assert smtp.received() == dict.fromkeys(addresses, 1)
    assert set(digest.deliveries.values_list("status", flat=True)) == {Status.SENT}


def test_a_thousand_recipients_through_a_worker(network, activity, month, broker, tmp_path, capsys):
    readers = add_readers(network["hue"], 1000 - 4)
    with SMTPServer() as smtp:
        worker = celery_worker(production_environment(smtp_port=smtp.port), tmp_path, concurrency=2)
        try:
            time.sleep(2)  # the worker is up: time the sending, not the start-up
            digest = services.digest_for_month(month=month)
            started = time.monotonic()
            services.digest_start(digest=digest)
            wait_for(lambda: finished(digest), timeout=240, interval=0.5, message=worker.output()[-3000:])
            elapsed = time.monotonic() - started
        finally:
            worker.stop()
    received = smtp.received()
    assert len(received) == 1000 and set(received.values()) == {1}
    assert set(readers) <= set(received)
    assert digest.deliveries.filter(status=Status.SENT).count() == 1000
    with capsys.disabled():
        print(f"\n1,000 recipients through one worker (2 processes) to a local SMTP server: {elapsed:.1f} s")
    assert elapsed < 180
    first, last = digest.deliveries.order_by("sent_at").values_list("sent_at", flat=True)[::999]
    assert last - first < timezone.timedelta(seconds=180)
