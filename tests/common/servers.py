"""Real servers a test starts on its own free port and stops: Redis (to kill and restart), an HTTP client that keeps
its cookies, as a browser does, for a gunicorn a test started."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import redis

from tests.digest.stack import free_port


class RedisServer:
    """A redis-server of the test's own, with its data on disk (appendonly, as docker-compose.yml runs it), so that
    a restart finds what was stored before the kill."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.popen: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "redis.log").open("ab")
        # Redis is a server beside the suite, as PostgreSQL is: not under a clock the suite may be run with
        # (libfaketime, preloaded, makes redis-server's jemalloc fail at start).
        env = {
            key: value for key, value in os.environ.items() if key != "LD_PRELOAD" and not key.startswith("FAKETIME")
        }
        self.popen = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes"]
            # every write on disk before Redis answers it: a SIGKILL right after a write loses nothing
            + ["--appendfsync", "always"]
            + ["--dir", str(self.directory), "--protected-mode", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 20
        while not self.answers():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                self.kill()  # nothing left running behind a failed start
                raise RuntimeError(f"redis-server did not start: {(self.directory / 'redis.log').read_text()}")
            time.sleep(0.05)

    def kill(self) -> None:
        """As a crash or an out-of-memory kill: SIGKILL, no time to save."""
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False


class Browser:
    """Requests to a local server with the cookies it sets, one new connection each, as a proxy makes them."""

    def __init__(self, port: int, log: list | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.log = log if log is not None else []

    def request(self, method: str, url: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, url, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        except OSError as error:
            self.log.append((method, url, f"{type(error).__name__}: {error}"))
            raise
        finally:
            conn.close()
        self.log.append((method, url, response.status))
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, dict(response.headers), content

    def get(self, url: str) -> tuple[int, dict, bytes]:
        return self.request("GET", url)

    def post_form(self, url: str, data: dict, *, form_url: str | None = None) -> tuple[int, dict, bytes]:
        """Open the page with the form (for its CSRF token), then post it."""
        status, _headers, page = self.get(form_url or url)
        assert status == 200, (form_url or url, status)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {form_url or url}"
        return self.request("POST", url, {"csrfmiddlewaretoken": token.group(1).decode(), **data})

    def log_in(self, email: str, password: str) -> int:
        status, headers, _page = self.post_form("/accounts/login/", {"login": email, "password": password})
        return status
