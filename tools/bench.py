"""`make bench`: the portal's speed and weight at 1× and 10× data, in one table (not part of `make test`).

What it does, and undoes:
  1. a throw-away PostgreSQL database (rvase_bench_<random>, on DATABASE_SERVER, default postgres://postgres@127.0.0.1:5432)
     and a free Redis database (1-15 on REDIS_SERVER, claimed like the test runs' in database 0);
  2. the production settings (rvase.settings.production, with SECURE_SSL_REDIRECT and the coordination's two-step
     sign-in off: plain HTTP on the loopback), migrate, collectstatic, load_rvase_2023, the demo accounts and a tenth
     of the generated rows: 1×;
  3. gunicorn with 2 workers; wrk (installed with apt-get when missing), 16 connections, each page alternated with
     /healthz in the same run, for a visitor and for the demo member, focal point and coordinator;
  4. per page, in this process on the same database and cache: the queries and the time of a cold render (first
     request after the cache is flushed; the median of three, each after its own flush, and the slowest of them),
     the HTML's bytes, and the bytes gunicorn sends with gzip accepted;
  5. then the 10× data (record/bench_data.py) and the same again;
  6. at the end, whatever happened: gunicorn stopped, the database dropped, the Redis database flushed and given back.

Targets (issue 18) are checked below the table: public pages ≥ 0.5 × /healthz at 1× and 10×, logged-in pages
≥ 0.15 × at 1×, no page at 10× below 0.7 × its own 1× ratio nor over 1.5 × its 1× HTML, cold render at 10×
< 150 ms. 1× is the 2023 record and a tenth of the generated 10× rows. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_SERVER = os.environ.get("BENCH_REDIS_SERVER", "redis://127.0.0.1:6379")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 16
COLD_SAMPLES = 3
MAX_HTML_GROWTH = 1.5
# Not HTML: a calendar feed holds every event of its window (the last twelve months and ahead), not a page of them.
FEEDS = {"/events/calendar.ics"}

VISITOR = [
    "/",
    "/members/",
    "/members/hue/",
    "/plan/",
    "/events/",
    "/events/reunion-annuelle-2023/",
    "/documents/",
    "/documents/?q=assainissement",
    "/news/",
    "/events/calendar.ics",
]
LOGGED_IN = [
    ("member", "membre@rvase.example", ["/", "/documents/", "/events/", "/plan/", "/me/"]),
    ("focal point", "hue@rvase.example", ["/members/hue/", "/news/", "/plan/"]),
    ("coordinator", "coordination@rvase.example", ["/", "/documents/", "/members/"]),
]


def main() -> int:
    wrk = ensure_wrk()
    run = secrets.token_hex(4)
    database = f"rvase_bench_{run}"
    static_root = Path(tempfile.mkdtemp(prefix="rvase-bench-static-"))
    media_root = Path(tempfile.mkdtemp(prefix="rvase-bench-media-"))
    port = free_port()
    redis_db, release = claim_redis_database(run)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rvase.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{DATABASE_SERVER}/{database}",
        "REDIS_URL": f"{REDIS_SERVER}/{redis_db}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_URL": "consolemail://",
        "SECURE_SSL_REDIRECT": "false",
        "MFA_REQUIRED_FOR_COORDINATION": "false",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    server = None
    create_database(database)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        print(f"Setting up {database} and Redis db {redis_db} (production settings)…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        call_command("load_rvase_2023", verbosity=0)
        call_command("create_demo_accounts", "--force", verbosity=0)
        from record.bench_data import generate

        # 1× is a tenth of the 10× counts (12 members, 15 actions, 200 events, 500 documents, 50 news), as in
        # tests/common/test_ten_times.py: the 2023 record alone has 5 events and 3 documents.
        made = generate(scale=1)
        print("1×: the 2023 record, and " + ", ".join(f"{count} {name}" for name, count in made.items()), flush=True)
        server = start_gunicorn(env, port)
        uptime_before = uptime()
        results = {}
        results["1×"] = measure_scale("1×", wrk, port)
        print("Generating 10× data…", flush=True)
        made = generate()
        print("  added " + ", ".join(f"{count} {name}" for name, count in made.items()), flush=True)
        results["10×"] = measure_scale("10×", wrk, port)
        uptime_after = uptime()
        return 1 if report(results, uptime_before, uptime_after) else 0
    finally:
        stop_gunicorn(server)
        from django.db import connections

        connections.close_all()
        drop_database(database)
        flush_redis(redis_db)
        release()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(media_root, ignore_errors=True)
        print(f"Cleaned up: gunicorn stopped, {database} dropped, Redis db {redis_db} flushed.", flush=True)


# ---- measuring ---------------------------------------------------------------------------------------------------


def measure_scale(scale: str, wrk: str, port: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"Measuring at {scale}…", flush=True)
    rows = []
    readers = [("visitor", None, VISITOR)]
    for role, email, pages in LOGGED_IN:
        readers.append((role, email, pages))
    user_model = get_user_model()
    for role, email, pages in readers:
        client = Client()
        if email:
            client.force_login(user_model.objects.get(email=email))
        for url in pages:
            # Cold: the first request after the cache is flushed (sessions then come from the database). The median
            # of three such requests, each after its own flush: one sample also holds whatever else the process
            # did once (a template compiled, a garbage collection after the 10× rows were made).
            samples = []
            for _sample in range(COLD_SAMPLES):
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (role, url, response.status_code)
            rows.append(
                {
                    "role": role,
                    "url": url,
                    "cold_ms": statistics.median(samples),
                    "cold_max_ms": max(samples),
                    "queries": len(queries.captured_queries),
                    "html": len(response.content),
                }
            )
    # Sessions for gunicorn, made after the last flush, with the CSRF cookie a browser holds after its first page.
    cookies = {}
    for role, email, _pages in LOGGED_IN:
        client = Client()
        client.force_login(user_model.objects.get(email=email))
        assert client.get("/").status_code == 200
        cookies[role] = f"sessionid={client.cookies['sessionid'].value}; csrftoken={client.cookies['csrftoken'].value}"
    base = f"http://127.0.0.1:{port}"
    for row in rows:
        cookie = cookies.get(row["role"])
        row["wire"] = wire_bytes(base + row["url"], cookie)
    health = [run_wrk(wrk, base + "/healthz", None)]
    for row in rows:
        cookie = cookies.get(row["role"])
        run_wrk(wrk, base + row["url"], cookie, seconds=1)  # warm: the page cache, the workers' connections
        row.update(run_wrk(wrk, base + row["url"], cookie))
        health.append(run_wrk(wrk, base + "/healthz", None))
        around = (health[-2]["rps"] + health[-1]["rps"]) / 2
        row["healthz"] = around
        row["ratio"] = row["rps"] / around if around else 0.0
        print(f"  {row['role']:12} {row['url']:32} {row['rps']:8.0f} req/s  ×{row['ratio']:.3f}", flush=True)
    rows.insert(
        0,
        {
            "role": "—",
            "url": "/healthz",
            "rps": statistics.mean(h["rps"] for h in health),
            "p50": statistics.mean(h["p50"] for h in health),
            "p99": statistics.mean(h["p99"] for h in health),
            "ratio": 1.0,
            "queries": None,
            "html": None,
            "wire": None,
            "cold_ms": None,
            "cold_max_ms": None,
        },
    )
    return rows


def wire_bytes(url: str, cookie: str | None) -> int:
    headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
        body = response.read()
        head = sum(len(name) + len(value) + 4 for name, value in response.getheaders()) + 17
        if response.headers.get("Content-Encoding") == "gzip":
            gzip.decompress(body)  # it is gzip indeed
    return len(body) + head


def run_wrk(wrk: str, url: str, cookie: str | None, seconds: int = SECONDS) -> dict:
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    command += ["-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} answers that were not 2xx/3xx\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
    }


def latency(output: str, percentile: str) -> float:
    """In milliseconds."""
    value, unit = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# ---- the report --------------------------------------------------------------------------------------------------


def report(results: dict, uptime_before: str, uptime_after: str) -> list[str]:
    print()
    header = (
        f"| {'scale':5} | {'reader':12} | {'page':32} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | "
        f"{'÷ healthz':>9} | {'queries':>7} | {'cold ms':>7} | {'cold max':>8} | {'HTML B':>7} | {'wire B':>7} |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    for scale, rows in results.items():
        for row in rows:
            print(
                f"| {scale:5} | {row['role']:12} | {row['url']:32} | {row['rps']:7.0f} | {row['p50']:7.1f} | "
                f"{row['p99']:7.1f} | {row['ratio']:9.3f} | {fmt(row['queries']):>7} | {fmt(row['cold_ms'], 1):>7} | "
                f"{fmt(row['cold_max_ms'], 1):>8} | {fmt(row['html']):>7} | {fmt(row['wire']):>7} |"
            )
    print()
    print(f"Load before: {uptime_before}")
    print(f"Load after:  {uptime_after}")
    print()
    one = {(row["role"], row["url"]): row for row in results["1×"]}
    failures = []
    for scale, rows in results.items():
        for row in rows[1:]:
            public = row["role"] == "visitor"
            if public and row["ratio"] < 0.5:
                failures.append(f"{scale} {row['url']} (visitor): ×{row['ratio']:.3f} < 0.5 × /healthz")
            if not public and scale == "1×" and row["ratio"] < 0.15:
                failures.append(f"1× {row['url']} ({row['role']}): ×{row['ratio']:.3f} < 0.15 × /healthz")
            if scale == "10×":
                at_one = one[row["role"], row["url"]]
                # As a ratio to /healthz in the same run: the machine's speed drifts between the two scales.
                if row["ratio"] < 0.7 * at_one["ratio"]:
                    failures.append(
                        f"10× {row['url']} ({row['role']}): ×{row['ratio']:.3f} < 0.7 × ×{at_one['ratio']:.3f} "
                        "(÷ healthz) at 1×"
                    )
                if row["html"] > MAX_HTML_GROWTH * at_one["html"] and row["url"] not in FEEDS:
                    failures.append(
                        f"10× {row['url']} ({row['role']}): HTML {row['html']} B > {MAX_HTML_GROWTH} × "
                        f"{at_one['html']} B at 1×"
                    )
                if row["cold_ms"] >= 150:
                    failures.append(f"10× {row['url']} ({row['role']}): cold render {row['cold_ms']:.0f} ms ≥ 150 ms")
    if failures:
        print("Targets missed:")
        for failure in failures:
            print("  - " + failure)
    else:
        print("Every target met.")
    return failures


def fmt(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits else f"{value:.0f}"


# ---- what runs, and its clean-up ---------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("Installing wrk (Debian package)…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed and apt-get could not install it.")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "rvase.wsgi:application", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop_gunicorn(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{DATABASE_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def claim_redis_database(run: str):
    """A Redis database no test run holds (the same claims as rvase/settings/test.py), and how to give it back."""
    import redis

    lock = redis.Redis.from_url(f"{REDIS_SERVER}/0")
    for number in range(15, 0, -1):
        key = f"rvase:test-run:redis-db:{number}"
        if lock.set(key, f"bench-{run}", nx=True, ex=3600):

            def release(key=key) -> None:
                if lock.get(key) == f"bench-{run}".encode():
                    lock.delete(key)

            return number, release
    raise SystemExit("No free Redis database (1-15): all are held by test runs.")


def flush_redis(number: int) -> None:
    import redis

    redis.Redis.from_url(f"{REDIS_SERVER}/{number}").flushdb()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
