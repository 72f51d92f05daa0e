"""The cache when Redis is unreachable (common/cache.py), and the tasks kept while the broker is (common/task_queue.py),
against a real redis-server the test starts on its own port, kills and starts again."""

import logging

import pytest
from celery import current_app
from django.core import mail

from actionplan.models import ProgressUpdate
from common.cache import RedisCache
from common.models import PendingTask
from common.services import pending_tasks_hand_over
from common.task_queue import _Broker
from tests.common.servers import RedisServer
from tests.digest.stack import free_port
from tests.factories import ActionFactory, CoordinatorFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def cache(redis_server):
    """A cache of its own on that server, that waits 60 s before trying a failed Redis again (the test says when)."""
    backend = RedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5, "retry_after": 60}})
    yield backend
    backend._cache._outage.retry_at = 0  # the outage state is per server and process: leave none behind
    backend._cache._outage.down_since = None


def try_again_now(cache) -> None:
    """As if the retry period were over."""
    cache._cache._outage.retry_at = 0


def test_an_unreachable_redis_is_an_empty_cache_that_forgets_and_says_so_once(cache, redis_server, caplog):
    cache.set("city", "Huế")
    assert cache.get("city") == "Huế" and cache.reachable()
    redis_server.kill()
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        assert cache.get("city") is None
        assert cache.get("city", "default") == "default"
        assert cache.get_many(["city", "other"]) == {}
        assert cache.add("lock", True) is True  # allauth's rate limit takes its lock with add(): it must get it
        cache.set("city", "Vientiane")
        cache.set_many({"a": 1, "b": 2})
        assert cache.delete("city") is False
        assert cache.has_key("city") is False
        assert not cache.reachable()
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1, warnings
    assert "is unreachable" in warnings[0] and "login rate limits are not enforced" in warnings[0]


def test_while_waiting_to_try_again_redis_is_not_asked_at_all(cache, redis_server, monkeypatch):
    redis_server.kill()
    assert cache.get("city") is None  # the failure that starts the wait
    asked = []
    real_get_client = cache._cache.get_client
    monkeypatch.setattr(cache._cache, "get_client", lambda *a, **k: asked.append(1) or real_get_client(*a, **k))
    for _ in range(100):
        assert cache.get("city") is None
        cache.set("city", "x")
    assert asked == []
    try_again_now(cache)
    assert cache.get("city") is None
    assert len(asked) == 1  # one try when the period is over, then waiting again


def test_when_redis_is_back_it_is_used_again_and_writes_lost_meanwhile_leave_no_stale_value(
    cache, redis_server, caplog
):
    cache.set("session", {"user": 7})
    cache.set("token", "before")
    redis_server.kill()
    cache.delete("session")  # a logout while Redis was down: lost
    cache.set("token", "after")  # a renewed token: lost
    redis_server.start()  # with its data on disk: the old values are there again
    assert redis_server.client().exists(":1:session", ":1:token") == 2
    with caplog.at_level(logging.WARNING, logger="common.cache"):
        try_again_now(cache)
        assert cache.get("session") is None  # not the logged-out session
        assert cache.get("token") is None  # not the token of before: the entries kept with it are stale
    assert "is reachable again" in caplog.text
    cache.set("token", "new")
    assert cache.get("token") == "new" and cache.reachable()


# ---- tasks while the broker is unreachable ------------------------------------------------------------------------


@pytest.fixture
def dead_broker(settings):
    """Tasks sent to a broker that does not answer (no server listens on the port), as in production."""
    current_app.conf.task_always_eager = False
    connection = current_app.connection_for_write(f"redis://127.0.0.1:{free_port()}/0")
    yield current_app.amqp.Producer(connection, auto_declare=False)
    connection.release()
    current_app.conf.task_always_eager = True
    _Broker.succeeded()


def test_a_task_the_broker_cannot_take_is_kept_then_handed_over_and_its_e_mail_sent(dead_broker, caplog):
    from actionplan.tasks import notify_coordinators_of_progress_note

    CoordinatorFactory(email="coordination@rvase.example")
    note = ProgressUpdateFactory(action=ActionFactory(), text="Atelier tenu à Huế.")
    with caplog.at_level(logging.WARNING):
        result = notify_coordinators_of_progress_note.apply_async(kwargs={"update_id": note.pk}, producer=dead_broker)
        # The same task again (a double click, the beat's next tick): kept once, without trying the broker again.
        notify_coordinators_of_progress_note.apply_async(kwargs={"update_id": note.pk}, producer=dead_broker)
    kept = PendingTask.objects.get()
    assert (kept.task_id, kept.name, kept.kwargs) == (
        result.id,
        "actionplan.tasks.notify_coordinators_of_progress_note",
        {"update_id": note.pk},
    )
    assert "Connection refused" in kept.last_error
    assert "kept in the database" in caplog.text
    assert mail.outbox == []

    # The broker answers again (in the test, the task then runs at once): the beat's hand-over sends it.
    current_app.conf.task_always_eager = True
    assert pending_tasks_hand_over() == 1
    assert not PendingTask.objects.exists()
    assert [message.to for message in mail.outbox] == [["coordination@rvase.example"]]
    assert "Atelier tenu à Huế." in mail.outbox[0].body
    assert ProgressUpdate.objects.count() == 1


def test_the_beat_hands_kept_tasks_over_and_is_itself_never_kept(settings):
    from common.tasks import hand_over_pending_tasks

    entry = settings.CELERY_BEAT_SCHEDULE["common-hand-over-pending-tasks"]
    assert entry == {"task": "common.tasks.hand_over_pending_tasks", "schedule": 60.0}
    assert current_app.conf.beat_schedule["common-hand-over-pending-tasks"]["task"] == hand_over_pending_tasks.name
    assert hand_over_pending_tasks.keep_if_broker_unreachable is False
