"""Redis down, members' pages up: gunicorn on the production settings, with a Redis of the test's own that the test
kills (SIGKILL) and starts again on the same port, its data kept on disk as docker-compose.yml keeps it.

While Redis is down every page, login and feed answers, from the database; /healthz says "degraded" with a 200; a
page that enqueues a task keeps it in the database. When Redis is back the portal uses it again without a restart,
and the kept task is handed to the broker and its e-mail arrives. A member keeps browsing the whole time, in a
thread of their own, and no request of anyone fails.
"""

import html
import json
import subprocess
import sys
import threading
import time

import pytest

from actionplan.models import Action
from common.models import PendingTask
from events import services as event_services
from members.models import Member
from minutes import services as minutes_services
from minutes.models import Minutes
from tests.common.servers import Browser, RedisServer
from tests.common.test_url_walker import PUBLIC_URLS, walk_urls
from tests.digest.stack import (
    BIN,
    ROOT,
    Process,
    SMTPServer,
    celery_worker,
    free_port,
    production_environment,
    wait_for,
)
from tests.factories import PASSWORD, CoordinatorFactory, FocalPointFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SESSION_KEY_PREFIX = ":1:django.contrib.sessions.cached_db"
MINUTES_TEXT = "Accord cadre à chercher avec CGLU-ASPAC"  # a roadmap conclusion of the 2023 minutes, for members only
RETRY_AFTER = 2  # CACHE_RETRY_AFTER for this test: how long a process waits before trying Redis again


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def smtp():
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The production settings serve static files from collectstatic's manifest (whitenoise): collected once."""
    root = tmp_path_factory.mktemp("static")
    environment = production_environment(smtp_port=0, STATIC_ROOT=str(root))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    return root


@pytest.fixture
def environment(redis_server, smtp, static_root, tmp_path):
    return production_environment(
        smtp_port=smtp.port,
        STATIC_ROOT=str(static_root),
        REDIS_URL=redis_server.url,
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_RETRY_AFTER=str(RETRY_AFTER),
        PENDING_TASKS_HAND_OVER_SECONDS="1",
        LOG_LEVEL="WARNING",
        # The coordinator logs in with a password here: two-step sign-in, on in production, has tests of its own
        # (tests/accounts/test_two_step.py); this one is about the cache.
        MFA_REQUIRED_FOR_COORDINATION="false",
    )


@pytest.fixture
def portal(environment, tmp_path):
    """gunicorn as the Dockerfile runs it (two workers here), on the production settings."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "rvase.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    process = Process("gunicorn", [*command, "--workers", "2", "--timeout", "120"], environment, tmp_path)
    try:
        wait_for(lambda: _health(Browser(port))[0] == 200, timeout=60, message=f"gunicorn: {process.output()}")
        yield port, process
    finally:
        process.stop()


def text(body: bytes) -> str:
    return html.unescape(body.decode())


def _health(browser: Browser) -> tuple[int, dict]:
    try:
        status, _headers, body = browser.get("/healthz")
    except OSError:
        return 0, {}
    return status, json.loads(body) if status in (200, 503) else {}


@pytest.fixture
def people(rvase_2023, settings, tmp_path):
    # Passwords the production settings can check (the test settings hash them with MD5, for speed).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"  # the portal's media folder (the `environment` fixture)
    hue = Member.objects.get(slug="hue")
    focal_point = FocalPointFactory(
        member=hue,
        person=PersonFactory(
            member=hue,
            full_name="Point focal Hué",
            user=UserFactory(email="fp@hue.test", first_name="Point focal", last_name="Hué"),
        ),
    )
    reader = PersonFactory(member=Member.objects.get(slug="phnom-penh"), user=UserFactory(email="lecteur@pp.test"))
    coordinator = CoordinatorFactory(email="coordination@rvase.test", first_name="Chargée", last_name="Coordination")
    feed = event_services.calendar_token_regenerate(user=focal_point.person.user)
    # The deck records no approval of the 2023 minutes (issue 15): the coordinator approves them, so that members
    # have their PDF to download.
    minutes_services.minutes_approve(minutes=Minutes.objects.get(event__slug="reunion-annuelle-2023"), by=coordinator)
    action = Action.objects.filter(plan__year=2023, members=hue).order_by("number").first()
    return {"focal_point": focal_point, "reader": reader, "coordinator": coordinator, "feed": feed, "action": action}


class Browsing(threading.Thread):
    """A member reading pages again and again, as long as the test runs (at most `limit` requests)."""

    URLS = ["/", "/events/", "/events/reunion-annuelle-2023/", "/members/hue/", "/documents/", "/events/calendar.ics"]

    def __init__(self, port: int, email: str, limit: int = 3000):
        super().__init__(daemon=True)
        self.browser = Browser(port)
        self.email = email
        self.limit = limit
        self.stopping = threading.Event()
        self.failures: list[str] = []

    def run(self) -> None:
        assert self.browser.log_in(self.email, PASSWORD) == 302
        for number in range(self.limit):
            if self.stopping.is_set():
                return
            url = self.URLS[number % len(self.URLS)]
            try:
                status, _headers, body = self.browser.get(url)
            except OSError as error:
                self.failures.append(f"{url}: {error}")
                continue
            time.sleep(0.02)  # a reader, not a load test: the other requests of the test go on meanwhile
            if status != 200:
                self.failures.append(f"{url}: {status}")
            elif url == "/events/reunion-annuelle-2023/" and MINUTES_TEXT not in text(body):
                self.failures.append(f"{url}: the member no longer sees the minutes (logged out?)")

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=120)


def test_members_pages_login_and_feeds_stay_up_while_redis_is_down_and_use_it_again_when_it_is_back(
    people, redis_server, portal, smtp, environment, tmp_path, capsys
):
    port, gunicorn = portal
    log: list = []
    visitor, member, coordinator = Browser(port, log), Browser(port, log), Browser(port, log)
    focal_point_email = people["focal_point"].person.user.email
    coordinator_email = people["coordinator"].email

    # ---- Redis up ----------------------------------------------------------------------------------------------
    assert _health(visitor) == (200, {"status": "ok", "database": "ok", "cache": "ok"})
    assert member.log_in(focal_point_email, PASSWORD) == 302
    assert b"Point focal Hu\xc3\xa9" in member.get("/")[2]  # logged in: the page names them
    assert redis_server.client().exists(SESSION_KEY_PREFIX + member.cookies["sessionid"])
    browsing = Browsing(port, people["reader"].user.email)
    browsing.start()
    wait_for(lambda: len(browsing.browser.log) > 10, timeout=60, message="the reader's first pages")

    # ---- Redis killed ------------------------------------------------------------------------------------------
    redis_server.kill()
    counts = {"before": len(log) + len(browsing.browser.log)}
    assert not redis_server.answers()
    # The load balancer's check: still 200 (the portal works), and the body says what is missing.
    assert _health(visitor) == (200, {"status": "degraded", "database": "ok", "cache": "unreachable"})

    for url in PUBLIC_URLS:
        assert visitor.get(url)[0] == 200, url
    # The 2023 meeting is in its year's archive feed (the public feed holds the last twelve months and ahead).
    status, headers, feed = visitor.get("/events/calendar/archive/2023.ics")
    assert status == 200 and b"BEGIN:VEVENT" in feed and b"R\xc3\xa9union annuelle" in feed

    # The focal point, logged in before, is still logged in (the session comes from the database).
    status, _headers, page = member.get("/events/reunion-annuelle-2023/")
    assert status == 200 and MINUTES_TEXT in text(page)
    status, _headers, page = member.get("/members/hue/edit/")  # the focal point's own member's form
    assert status == 200 and b"Point focal Hu\xc3\xa9" in page
    status, headers, feed = member.get(people["feed"].get_absolute_url())
    assert status == 200 and headers["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in feed
    status, headers, pdf = member.get("/events/reunion-annuelle-2023/minutes.pdf")
    assert status == 200 and pdf.startswith(b"%PDF")

    # Logins go on; the rate limit lets every attempt through (12 wrong passwords would otherwise get a 429).
    for _attempt in range(12):
        status, _headers, page = visitor.post_form("/accounts/login/", {"login": coordinator_email, "password": "x"})
        assert status == 200 and b"sont incorrects" in page
    assert coordinator.log_in(coordinator_email, PASSWORD) == 302
    assert "Chargée Coordination".encode() in coordinator.get("/")[2]

    # Every page the project's URL patterns make, as the coordinator (who may open the most of them).
    broken = []
    for url in walk_urls():
        try:
            status = coordinator.get(url)[0]
        except OSError as error:
            status = error
        if not isinstance(status, int) or status >= 500:
            broken.append(f"{url}: {status}")
    assert broken == []

    # A page that enqueues a task (the coordinators' e-mail about a progress note): it answers, the task is kept.
    action = people["action"]
    status, headers, _page = member.post_form(
        f"{action.get_absolute_url()}progress/",
        {"date": "2023-06-01", "text": "Atelier tenu pendant la panne du cache."},
        form_url=action.get_absolute_url(),
    )
    assert status == 302
    kept = PendingTask.objects.get()
    assert kept.name == "actionplan.tasks.notify_coordinators_of_progress_note"

    # Logging out works too (the session is deleted from the database).
    status, _headers, _page = coordinator.post_form("/accounts/logout/", {})
    assert status == 302 and "sessionid" not in coordinator.cookies
    counts["outage"] = len(log) + len(browsing.browser.log) - counts["before"]

    # ---- Redis back ----------------------------------------------------------------------------------------------
    redis_server.start()
    # Each gunicorn worker tries Redis again when its own wait (RETRY_AFTER) is over: soon, all answer "ok".
    healthy = (200, {"status": "ok", "database": "ok", "cache": "ok"})
    wait_for(
        lambda: all(_health(visitor) == healthy for _attempt in range(6)),
        timeout=RETRY_AFTER * 5,
        message="/healthz after Redis came back",
    )
    # Without a restart, the portal writes to Redis again: a new login's session is stored there ...
    assert coordinator.log_in(coordinator_email, PASSWORD) == 302
    wait_for(
        lambda: (
            coordinator.get("/")[0] == 200
            and bool(redis_server.client().exists(SESSION_KEY_PREFIX + coordinator.cookies["sessionid"]))
        ),
        timeout=RETRY_AFTER * 5,
        message="the new session in Redis",
    )

    # ... and reads from it: the focal point's pages are served with hits in Redis (each gunicorn worker goes back
    # to Redis when its own wait is over, within RETRY_AFTER seconds).
    def served_from_redis() -> bool:
        hits = redis_server.client().info("stats")["keyspace_hits"]
        assert member.get("/events/reunion-annuelle-2023/")[0] == 200
        return redis_server.client().info("stats")["keyspace_hits"] > hits

    wait_for(served_from_redis, timeout=RETRY_AFTER * 5, message="the member's pages read from Redis")

    # The kept task is handed over by the beat and its e-mail reaches the coordinator.
    worker = celery_worker(environment, tmp_path)
    beat = Process(
        "beat",
        [str(BIN / "celery"), "-A", "rvase", "beat", "--loglevel=info", "-s", str(tmp_path / "beat-schedule")],
        environment,
        tmp_path,
    )
    try:
        wait_for(
            lambda: smtp.received()[coordinator_email] >= 1,
            timeout=90,
            message=f"the progress-note e-mail\n{beat.output()}\n{worker.output()}",
        )
    finally:
        beat.stop()
        worker.stop()
    assert not PendingTask.objects.exists()
    assert "Atelier tenu pendant la panne du cache." in smtp.parsed()[0].get_body(("plain",)).get_content()

    browsing.stop()
    counts["after"] = len(log) + len(browsing.browser.log) - counts["before"] - counts["outage"]
    output = gunicorn.output()
    assert "is unreachable" in output and "login rate limits are not enforced" in output
    assert "is reachable again" in output
    assert "kept in the database" in output
    assert "Internal Server Error" not in output, output
    assert browsing.failures == []
    requests = log + browsing.browser.log
    failures = [entry for entry in requests if not isinstance(entry[2], int) or entry[2] >= 500]
    assert failures == []
    with capsys.disabled():
        print(
            f"\n[redis outage] {len(requests)} requests through gunicorn (production settings, 2 workers): "
            f"{counts['before']} before Redis was killed, {counts['outage']} while it was down, {counts['after']} "
            f"after it was started again; {len(failures)} failed "
            f"(the reader's thread: {len(browsing.browser.log)} requests, {len(browsing.failures)} failed)"
        )
