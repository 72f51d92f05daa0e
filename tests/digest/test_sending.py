"""Sending: each recipient at most once, every outcome recorded, failures retried; batches; the beat; query counts."""

import smtplib
import threading
from collections import Counter

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digest import builder, services, tasks
from digest.models import Digest, DigestDelivery
from rvase.celery import app
from tests.digest.backends import FlakyBackend
from tests.digest.conftest import by_recipient
from tests.factories import DigestSubscriptionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = DigestDelivery.Status


@pytest.fixture
def flaky(settings):
    FlakyBackend.reset()
    settings.EMAIL_BACKEND = "tests.digest.backends.FlakyBackend"
    yield FlakyBackend
    FlakyBackend.reset()


@pytest.fixture
def eager_retries():
    """Let eagerly run tasks retry as a worker would (a propagated exception would stop at the first failure)."""
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def start(month, capture, **kwargs):
    digest = services.digest_for_month(month=month)
    with capture(execute=True):
        services.digest_start(digest=digest, **kwargs)
    return digest


def statuses(digest) -> dict[str, str]:
    return dict(digest.deliveries.values_list("email", "status"))


def test_a_rerun_sends_nothing_twice(activity, month, django_capture_on_commit_callbacks):
    digest = start(month, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    start(month, django_capture_on_commit_callbacks)
    tasks.send_monthly_digest.apply()  # the beat on the wrong day, or a second beat
    assert len(mail.outbox) == 4
    assert Digest.objects.count() == 1
    assert digest.deliveries.count() == 4
    assert set(statuses(digest).values()) == {Status.SENT}


def test_a_redelivered_batch_sends_nothing_twice(activity, month, django_capture_on_commit_callbacks):
    digest = start(month, django_capture_on_commit_callbacks)
    ids = list(digest.deliveries.values_list("pk", flat=True))
    result = tasks.send_digest_batch.apply(kwargs={"digest_id": digest.pk, "delivery_ids": ids}).get()
    assert result["sent"] == 0
    assert len(mail.outbox) == 4


def test_a_newcomer_gets_the_digest_on_a_rerun(network, activity, month, django_capture_on_commit_callbacks):
    start(month, django_capture_on_commit_callbacks)
    DigestSubscriptionFactory(person=PersonFactory(member=network["kampot"], user=UserFactory(email="new@kampot.ex")))
    start(month, django_capture_on_commit_callbacks)
    assert Counter(message.to[0] for message in mail.outbox)["new@kampot.ex"] == 1
    assert len(mail.outbox) == 5


def test_a_refused_recipient_is_recorded_the_others_are_sent_and_a_retry_sends_it(
    flaky, activity, month, django_capture_on_commit_callbacks
):
    flaky.refused = {"fp@kampot.example"}
    digest = start(month, django_capture_on_commit_callbacks)
    assert set(by_recipient(mail.outbox)) == {"fp@hue.example", "fp@vientiane.example", "abonnee@hue.example"}
    failed = digest.deliveries.get(email="fp@kampot.example")
    assert failed.status == Status.FAILED
    assert "550" in failed.error and "User unknown" in failed.error
    # The coordinator has the address fixed, then retries the failed ones.
    flaky.refused = set()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry(digest=digest, by=None) == 1
    assert Counter(message.to[0] for message in mail.outbox) == {
        "fp@hue.example": 1,
        "fp@vientiane.example": 1,
        "abonnee@hue.example": 1,
        "fp@kampot.example": 1,
    }
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.error == "" and failed.attempts == 2


def test_an_smtp_outage_marks_the_unsent_for_retry_and_the_retries_send_each_once(
    flaky, eager_retries, activity, month, django_capture_on_commit_callbacks
):
    # The server accepts two messages, then is unreachable for three attempts: the task retries with backoff
    # (immediately here, tasks run eagerly) and every recipient ends with exactly one e-mail.
    flaky.outage_after, flaky.outage_sends = 2, 3
    digest = start(month, django_capture_on_commit_callbacks)
    assert Counter(message.to[0] for message in mail.outbox) == dict.fromkeys(
        ["fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"], 1
    )
    assert set(statuses(digest).values()) == {Status.SENT}
    assert sum(digest.deliveries.values_list("attempts", flat=True)) == 4 + 3


def test_a_lasting_outage_leaves_every_unsent_delivery_failed_with_its_error(
    flaky, eager_retries, activity, month, django_capture_on_commit_callbacks
):
    flaky.outage_after, flaky.outage_sends = 1, 10_000
    digest = start(month, django_capture_on_commit_callbacks)  # the task gives up after its retries
    assert flaky.attempts == 1 + 1 + settings.DIGEST_MAX_RETRIES
    result = statuses(digest)
    assert sorted(result.values()) == [Status.FAILED, Status.FAILED, Status.FAILED, Status.SENT]
    for delivery in digest.deliveries.filter(status=Status.FAILED):
        assert "SMTPServerDisconnected" in delivery.error
    assert len(mail.outbox) == 1
    # Once the server is back, the admin's retry sends the rest, once each.
    flaky.outage_sends = 0
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry(digest=digest, by=None)
    assert len(by_recipient(mail.outbox)) == 4


def test_a_recipient_without_a_usable_address_is_reported_not_fatal(
    network, activity, month, django_capture_on_commit_callbacks
):
    person = network["fp_kampot"].person
    person.email = "pas-une-adresse"
    person.save()
    orphan = network["fp_vientiane"].person
    orphan.user.email = ""  # cannot be saved so by the form, but a person may have no account at all:
    orphan.user = None
    orphan.email = ""
    orphan.save()
    digest = start(month, django_capture_on_commit_callbacks)
    result = {delivery.recipient_name: delivery for delivery in digest.deliveries.all()}
    assert result["Point focal Province de Kampot"].status == Status.FAILED
    assert "Invalid e-mail address" in result["Point focal Province de Kampot"].error
    assert result["Point focal Vientiane"].status == Status.FAILED
    assert "No e-mail address" in result["Point focal Vientiane"].error
    assert set(by_recipient(mail.outbox)) == {"fp@hue.example", "abonnee@hue.example"}


def test_someone_who_unsubscribed_after_the_start_is_skipped_and_recorded(
    network, activity, month, django_capture_on_commit_callbacks
):
    digest = services.digest_for_month(month=month)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.digest_start(digest=digest)
    services.subscription_set(person=network["subscriber"], subscribed=False, by_link=True)
    for callback in callbacks:
        callback()
    assert digest.deliveries.get(person=network["subscriber"]).status == Status.SKIPPED
    assert len(mail.outbox) == 3


def test_recipients_go_in_batches(network, activity, month, django_capture_on_commit_callbacks, settings):
    settings.DIGEST_BATCH_SIZE = 2
    digest = services.digest_for_month(month=month)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.digest_start(digest=digest) == 4
    assert len(callbacks) == 2  # two tasks of two recipients, enqueued when the transaction commits
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(by_recipient(mail.outbox)) == 4


def _add_subscribers(member, count: int, start: int) -> None:
    for index in range(start, start + count):
        DigestSubscriptionFactory(
            person=PersonFactory(member=member, user=UserFactory(email=f"reader{index}@example.org"))
        )


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    # Savepoints exist only because the test runs inside a transaction.
    return sum(1 for query in captured.captured_queries if "SAVEPOINT" not in query["sql"])


def test_query_count_does_not_grow_with_the_recipients_beyond_the_per_delivery_record(
    network, activity, month, django_capture_on_commit_callbacks
):
    """Content is read once per batch; each delivery costs its lock and its record, nothing more."""
    measures = {}
    for total, extra in ((10, 6), (100, 90)):
        _add_subscribers(network["vientiane"], extra, start=len(measures) * 1000)
        Digest.objects.all().delete()
        digest = services.digest_for_month(month=month)
        with django_capture_on_commit_callbacks(execute=False):
            start_queries = _queries(lambda digest=digest: services.digest_start(digest=digest))
        ids = list(digest.deliveries.values_list("pk", flat=True))
        assert len(ids) == total
        mail.outbox = []
        send_queries = _queries(
            lambda digest=digest, ids=ids: services.deliveries_send(digest=digest, delivery_ids=ids)
        )
        assert len(mail.outbox) == total
        measures[total] = (start_queries, send_queries)
    assert measures[10][0] == measures[100][0]  # recipients picked and recorded in the same queries
    per_recipient = (measures[100][1] - measures[10][1]) / 90
    assert per_recipient == 2  # SELECT … FOR UPDATE, then UPDATE … status = sent
    assert measures[10][1] - 2 * 10 <= 15  # the shared content: a fixed number of queries


def test_building_a_digest_does_not_depend_on_the_number_of_recipients(network, activity, month):
    def build():
        data = builder.build_digest_data(month=month)
        for recipient in builder.recipients():
            builder.compose_message(data=data, recipient=recipient)

    few = _queries(build)
    _add_subscribers(network["hue"], 40, start=0)
    assert _queries(build) == few


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_recipient_once(network, activity, month, flaky):
    flaky.delay = 0.05
    digest = services.digest_for_month(month=month)
    services.digest_start(digest=digest)  # tasks run eagerly: the first run
    mail.outbox = []
    digest.deliveries.update(status=Status.PENDING, sent_at=None)
    ids = list(digest.deliveries.values_list("pk", flat=True))
    errors = []

    def run():
        try:
            services.deliveries_send(digest=digest, delivery_ids=ids)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            from django.db import connection as thread_connection

            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Counter(message.to[0] for message in mail.outbox) == dict.fromkeys(
        ["fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"], 1
    )


def test_the_beat_sends_the_month_that_just_ended_on_the_first_at_eight():
    entry = settings.CELERY_BEAT_SCHEDULE["digest-monthly"]
    assert entry["task"] == "digest.tasks.send_monthly_digest"
    assert entry["schedule"] == crontab(day_of_month=1, hour=8, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Phnom_Penh"
    # The consultations' entries are still there, in the one schedule of the project.
    assert {"consultations-reminders", "consultations-close-due", "digest-monthly"} <= set(app.conf.beat_schedule)
    assert "digest.tasks.send_monthly_digest" in app.tasks


def test_the_monthly_task_sends_the_previous_month(activity, month, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_monthly_digest.apply()
    digest = Digest.objects.get()
    assert digest.month == month and digest.started_by is None
    assert len(mail.outbox) == 4


def test_the_batch_task_is_acknowledged_late_and_retried_on_smtp_errors():
    task = tasks.send_digest_batch
    assert task.acks_late and task.reject_on_worker_lost
    for error in (smtplib.SMTPException, ConnectionError, TimeoutError):
        assert issubclass(error, task.autoretry_for)
    assert task.retry_backoff == settings.DIGEST_RETRY_BACKOFF and task.max_retries == settings.DIGEST_MAX_RETRIES
