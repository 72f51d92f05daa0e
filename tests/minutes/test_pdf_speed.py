"""Issue 7's benchmark, in one run: the 2023 summary's rendering, then a stored PDF's downloads next to /healthz.

The bound ("the download's p95 stays under 3× that of /healthz") is checked where members meet it, over
HTTP against the server production runs (gunicorn, as in the Dockerfile, with production's persistent
database connections), started here on the test database; and through Django's test client, without HTTP,
where /healthz costs a third of a millisecond and any fixed cost of a logged-in request weighs the most.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from events.models import Event
from minutes import pdfs, services
from minutes.models import Minutes, StoredPDF
from tests.common.test_pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/events/reunion-annuelle-2023/minutes.pdf"
RUNS = 200
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def figures(samples: list[float]) -> str:
    return f"p95 {p95(samples) * 1000:.2f} ms (median {statistics.median(samples) * 1000:.2f} ms)"


# ---- through the test client ------------------------------------------------------------------------------------


def client_get(client, url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, body


# ---- over HTTP, through gunicorn --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(port: int, url: str, cookie: str = "") -> tuple[float, int, bytes]:
    """One request on a new connection, as a proxy in front of gunicorn's sync workers makes them."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return time.perf_counter() - started, response.status, body


@pytest.fixture
def gunicorn(media):
    """gunicorn serving the project on the test database, the test Redis and this test's media folder."""
    database = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rvase.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            f"{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        # As production runs (rvase/settings/production.py): the database connection stays open between
        # requests. Without it, both requests would mostly measure opening a connection.
        "CONN_MAX_AGE": "60",
        "DATABASE_POOL": "false",
    }
    command = [sys.executable, "-m", "gunicorn", "rvase.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if http_get(port, "/healthz")[1] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.poll() is not None else ""
                pytest.fail(f"gunicorn did not start: {output}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


# ---- the benchmark ----------------------------------------------------------------------------------------------


def test_benchmark_render_once_then_stream(
    rvase_2023,
    member_client,
    coordinator,
    gunicorn,
    capsys,
    django_assert_num_queries,
    django_assert_max_num_queries,
    monkeypatch,
):
    event = Event.objects.get(slug="reunion-annuelle-2023")
    # The deck records no approval (issue 15): the coordinator approves, which makes the minutes' PDF.
    services.minutes_approve(minutes=Minutes.objects.get(event=event), by=coordinator)
    started = time.perf_counter()
    summary = pdfs.summary_pdf(event=event, language="fr")
    summary_seconds = time.perf_counter() - started
    assert "18 mai 2023" in pdf_text(summary.file.open("rb").read())  # the date in the reader's language

    client_get(member_client, URL)  # approval rendered and stored the minutes; the first download streams them
    stored = StoredPDF.objects.get(kind=StoredPDF.Kind.MINUTES, language="fr")
    stored_bytes = stored.file.open("rb").read()

    # Through the test client: a stored PDF is never rendered again. A download finds the stored file with at
    # most one query and keeps that lookup in the cache; from then on a download asks the database nothing:
    # the session, the reader (with their person) and the lookup all come from the cache.
    monkeypatch.setattr(pdfs, "render_pdf", lambda **kwargs: pytest.fail("a stored PDF was rendered again"))
    with django_assert_max_num_queries(1):
        assert client_get(member_client, URL)[1] == stored_bytes
    with django_assert_num_queries(0):
        assert client_get(member_client, URL)[1] == stored_bytes
    for _ in range(20):  # warm-up: connections, URL and template caches
        client_get(member_client, URL), client_get(member_client, "/healthz")
    local_downloads, local_health = [], []
    for _ in range(RUNS):  # interleaved, so that both see the same machine
        local_downloads.append(client_get(member_client, URL)[0])
        local_health.append(client_get(member_client, "/healthz")[0])

    # Over HTTP, through gunicorn: what a member's browser and the load balancer see.
    cookie = f"{settings.SESSION_COOKIE_NAME}={member_client.cookies[settings.SESSION_COOKIE_NAME].value}"
    seconds, status, body = http_get(gunicorn, URL, cookie)
    assert (status, body) == (200, stored_bytes)
    assert http_get(gunicorn, URL)[1] == 302  # a visitor is sent to the login page
    for _ in range(20):
        http_get(gunicorn, URL, cookie), http_get(gunicorn, "/healthz")
    downloads, health = [], []
    for _ in range(RUNS):
        seconds, status, body = http_get(gunicorn, URL, cookie)
        assert status == 200 and len(body) == stored.size
        downloads.append(seconds)
        seconds, status, _body = http_get(gunicorn, "/healthz")
        assert status == 200
        health.append(seconds)
    stored.refresh_from_db()
    assert stored.file.open("rb").read() == stored_bytes  # streamed, never rendered again by the server either

    with capsys.disabled():
        print(
            f"\n[benchmark] 2023 summary rendered in {summary_seconds * 1000:.0f} ms; stored minutes PDF of "
            f"{stored.size} bytes, {RUNS} downloads each way\n"
            f"[benchmark] over HTTP (gunicorn): download {figures(downloads)}, /healthz {figures(health)}, "
            f"ratio of the p95s {p95(downloads) / p95(health):.2f}\n"
            f"[benchmark] test client, no HTTP: download {figures(local_downloads)}, /healthz "
            f"{figures(local_health)}, ratio of the p95s {p95(local_downloads) / p95(local_health):.2f}"
        )
    assert p95(downloads) < 3 * p95(health)
    assert p95(local_downloads) < 3 * p95(local_health)
